package io.sparkdigits.spark.dataset;

import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.storage.HadoopFiles;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.core.storage.ProcessOwner;
import io.sparkdigits.core.storage.Scratch;
import io.sparkdigits.core.storage.StorageLayout;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes new versions of datasets, whatever makes their content (ingest, augment): a version whose
 * content the current one already holds ({@link DatasetManifest#sameContentAs}) is not written at
 * all; any other is written to scratch space, moved into its directory whole and made current by the
 * version log's compare-and-swap ({@link DatasetVersions}). Then the versions superseded long enough
 * ago are deleted.
 */
public final class DatasetWriter {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetWriter.class);

  /** What writing did: the version that is current, and whether the dataset held that content already. */
  public record Result(Path dataset, String version, DatasetManifest manifest, boolean unchanged) {}

  /** Writes a version's files (Parquet partitioned by split, and anything beside) into a directory. */
  @FunctionalInterface
  public interface Content {
    /** {@code directory} does not exist yet, as Spark's writers want it; the manifest is written after. */
    void writeTo(Path directory) throws IOException;
  }

  private final FileSystem fs;
  private final StorageLayout layout;
  private final Duration supersededKeptFor;

  /** {@code supersededKeptFor}: how long a superseded version stays for the runs that may still read it. */
  public DatasetWriter(FileSystem fs, StorageLayout layout, Duration supersededKeptFor) {
    this.fs = fs;
    this.layout = layout;
    this.supersededKeptFor = supersededKeptFor;
  }

  /**
   * Makes the content that {@code manifest} describes (its version a new id) the current version of
   * dataset {@code name}, writing it with {@code content} unless the current version holds it already.
   */
  public Result write(String name, DatasetManifest manifest, Content content) throws IOException {
    DatasetVersions versions = new DatasetVersions(fs, layout, name);
    Optional<DatasetVersions.Version> current = versions.current();
    DatasetVersions.Version result;
    if (current.isPresent() && current.get().manifest().sameContentAs(manifest)) {
      LOG.info("Dataset {} already holds this content (version {}); nothing to do", name, current.get().id());
      result = current.get();
    } else {
      commit(versions, name, manifest, content);
      result = versions.makeCurrent(manifest, current.map(DatasetVersions.Version::number).orElse(0L));
    }
    versions.deleteSuperseded(supersededKeptFor);
    return new Result(result.directory(), result.id(), result.manifest(), !result.id().equals(manifest.version()));
  }

  /** Writes the version to scratch space, then moves it to its directory in one rename. */
  private void commit(DatasetVersions versions, String name, DatasetManifest manifest, Content content)
      throws IOException {
    Path target = versions.directory(manifest.version());
    try (Scratch scratch = Scratch.claim(fs, layout, "dataset-" + name, ProcessOwner.current(manifest.version()))) {
      content.writeTo(scratch.path());
      JsonFiles.write(fs, new Path(scratch.path(), StorageLayout.MANIFEST_FILE), manifest);
      HadoopFiles.commitDirectory(fs, scratch.path(), target);
    }
    LOG.info("Wrote version {} of dataset {} to {}", manifest.version(), name, target);
  }
}
