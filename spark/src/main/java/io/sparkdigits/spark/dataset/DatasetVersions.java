package io.sparkdigits.spark.dataset;

import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.storage.HadoopFiles;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.core.storage.NumberedLog;
import io.sparkdigits.core.storage.StorageLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versions of one dataset under the storage root. Every ingest of new content writes a version
 * directory, {@code datasets/NAME/VERSION/}, whole, and never changes it after; it becomes current
 * when its entry is appended to the version log {@code datasets/NAME/_versions/}, a compare-and-swap
 * ({@link NumberedLog}). A reader resolves the current version once and reads only its directory,
 * so no ingest can change or remove what an opened dataset reads. A dataset written before versions
 * existed (Parquet and {@code _manifest.json} straight in {@code datasets/NAME/}) is the version
 * {@value #LEGACY} until the log has an entry.
 */
public final class DatasetVersions {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetVersions.class);
  /** The version of a dataset written before versions existed. */
  public static final String LEGACY = "legacy";
  /** Version ids are made as run ids are: the UTC time of the ingest, for sorting, and a random suffix. */
  private static final Pattern VERSION_ID = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{6}");

  /** A version's entry in the log: which version, what it holds, and when it became current. */
  public record Entry(String version, String contentFingerprint, int numClasses, int rows, int columns,
      Map<String, Integer> images, String ingestedAt) {
    static Entry of(DatasetManifest manifest) {
      Map<String, Integer> images = new LinkedHashMap<>();
      manifest.splits().forEach(split -> images.put(split.split(), split.count()));
      return new Entry(manifest.version(), manifest.contentFingerprint(), manifest.numClasses(), manifest.rows(),
          manifest.columns(), images, Instant.now().toString());
    }
  }

  /** A version that can be read: its id, its directory, its manifest, and its number in the log (0: legacy). */
  public record Version(String id, Path directory, DatasetManifest manifest, long number) {}

  private final FileSystem fs;
  private final StorageLayout layout;
  private final String name;
  private final NumberedLog<Entry> log;

  public DatasetVersions(FileSystem fs, StorageLayout layout, String name) {
    this.fs = fs;
    this.layout = layout;
    this.name = name;
    this.log = new NumberedLog<>(fs, layout.datasetVersionLog(name), Entry.class);
  }

  /** Where version {@code id} lives. */
  public Path directory(String id) {
    return id.equals(LEGACY) ? layout.dataset(name) : layout.datasetVersion(name, id);
  }

  /** The current version: the log's newest, or a legacy dataset while the log is empty; none before the first ingest. */
  public Optional<Version> current() throws IOException {
    Optional<NumberedLog.Entry<Entry>> latest = log.latest();
    if (latest.isPresent()) {
      return Optional.of(read(latest.get().value().version(), latest.get().number()));
    }
    return fs.exists(new Path(directory(LEGACY), StorageLayout.MANIFEST_FILE))
        ? Optional.of(read(LEGACY, 0)) : Optional.empty();
  }

  /** Version {@code id}, current or not. */
  public Version get(String id) throws IOException {
    if (id.equals(LEGACY)) {
      return read(LEGACY, 0);
    }
    for (NumberedLog.Entry<Entry> entry : log.history()) {
      if (entry.value().version().equals(id)) {
        return read(id, entry.number());
      }
    }
    throw new FileNotFoundException("dataset '" + name + "' under " + layout + " has no version " + id
        + " (its log: " + layout.datasetVersionLog(name) + ")");
  }

  /**
   * Makes the version that {@code written} describes, already committed to its directory, the
   * current one, unless another ingest made a version current since the one numbered {@code after}
   * was: when that one holds the same content it stays current and the written one is deleted (no
   * reader has seen it); otherwise the written one goes after it, the newest ingest winning. Returns
   * the version that is current now.
   */
  public Version makeCurrent(DatasetManifest written, long after) throws IOException {
    Entry entry = Entry.of(written);
    List<Version> sameContent = new ArrayList<>(1);
    Optional<NumberedLog.Entry<Entry>> appended = log.update(Integer.MAX_VALUE, latest -> {
      if (latest.isPresent() && latest.get().number() != after) {
        Version winner = read(latest.get().value().version(), latest.get().number());
        if (winner.manifest().sameContentAs(written)) {
          sameContent.add(winner);
          return Optional.empty();
        }
      }
      return Optional.of(entry);
    });
    if (appended.isEmpty()) {
      Version winner = sameContent.get(0);
      LOG.info("Another ingest made version {} of dataset {}, of the same content, current first; dropping {}",
          winner.id(), name, written.version());
      fs.delete(directory(written.version()), true);
      return winner;
    }
    LOG.info("Version {} of dataset {} is current", written.version(), name);
    return new Version(written.version(), directory(written.version()), written, appended.get().number());
  }

  /**
   * Deletes the versions that no run can still be reading: those superseded (another became current)
   * more than {@code grace} ago. A run resolves the current version once, when it opens the dataset,
   * and keeps reading it to its end; a grace longer than any run means that every run that opened a
   * version before it was superseded has ended. The current version stays whatever its age, and so
   * does the log, a small history of every version. A directory that no entry names (an ingest died
   * between committing it and appending its entry) goes once it is older than {@code grace}, which
   * also spares one that a running ingest is about to append.
   */
  public void deleteSuperseded(Duration grace) throws IOException {
    List<NumberedLog.Entry<Entry>> history = log.history();
    if (history.isEmpty()) {
      return;
    }
    Instant cutoff = Instant.now().minus(grace);
    Set<String> named = new HashSet<>();
    history.forEach(entry -> named.add(entry.value().version()));
    if (Instant.parse(history.get(0).value().ingestedAt()).isBefore(cutoff)) {
      deleteLegacy();
    }
    for (int i = 0; i + 1 < history.size(); i++) {
      Path superseded = directory(history.get(i).value().version());
      if (Instant.parse(history.get(i + 1).value().ingestedAt()).isBefore(cutoff) && fs.delete(superseded, true)) {
        LOG.info("Deleted version {} of dataset {}: superseded more than {} h ago", superseded.getName(), name,
            grace.toHours());
      }
    }
    for (FileStatus unnamed : HadoopFiles.list(fs, layout.dataset(name),
        path -> VERSION_ID.matcher(path.getName()).matches() && !named.contains(path.getName()))) {
      if (unnamed.getModificationTime() < cutoff.toEpochMilli() && fs.delete(unnamed.getPath(), true)) {
        LOG.info("Deleted {}: a version of dataset {} that never became current", unnamed.getPath(), name);
      }
    }
  }

  /** Deletes the legacy dataset's files, its manifest last, so that what is left of it is never read. */
  private void deleteLegacy() throws IOException {
    Path folder = directory(LEGACY);
    Path manifest = new Path(folder, StorageLayout.MANIFEST_FILE);
    if (!fs.exists(manifest)) {
      return;
    }
    for (FileStatus file : HadoopFiles.list(fs, folder,
        path -> path.getName().startsWith(DigitsSchema.SPLIT + "=") || path.getName().equals("_SUCCESS"))) {
      fs.delete(file.getPath(), true);
    }
    fs.delete(manifest, false);
    LOG.info("Deleted the legacy version of dataset {} in {}: superseded by the version log", name, folder);
  }

  private Version read(String id, long number) throws IOException {
    Path directory = directory(id);
    Path manifest = new Path(directory, StorageLayout.MANIFEST_FILE);
    if (!fs.exists(manifest)) {
      throw new FileNotFoundException("version " + id + " of dataset '" + name + "' is gone (no " + manifest
          + "): a superseded version is deleted once no run can still be reading it");
    }
    return new Version(id, directory, JsonFiles.read(fs, manifest, DatasetManifest.class).withVersion(id), number);
  }
}
