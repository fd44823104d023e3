package io.sparkdigits.core.storage;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of work in progress under the storage root (the runs staged in {@code _staging}, the
 * scratch directories in {@code _tmp}) and who is doing it. Whoever creates an entry claims it
 * first: its {@link ProcessOwner} goes into a hidden file beside the entry, {@code _NAME.owner.json}
 * (beside it, not in it, because a staged run is published by renaming it whole, and Spark writes
 * into a scratch directory that must not exist yet). A process that ends well releases its claims;
 * one that is killed or fails does not, and the next job writing under the root removes what it
 * left ({@link #removeAbandoned}).
 */
public final class WorkArea {
  private static final Logger LOG = LoggerFactory.getLogger(WorkArea.class);
  private static final String OWNER_SUFFIX = ".owner.json";

  private final FileSystem fs;
  private final Path folder;

  public WorkArea(FileSystem fs, Path folder) {
    this.fs = fs;
    this.folder = folder;
  }

  /** The root's staged runs (not a registry's: retraining looks after those, under the model's lock). */
  public static WorkArea staging(FileSystem fs, StorageLayout layout) {
    return new WorkArea(fs, layout.stagingArea());
  }

  /** The root's scratch space. */
  public static WorkArea scratch(FileSystem fs, StorageLayout layout) {
    return new WorkArea(fs, layout.scratch());
  }

  /** Removes what dead runs left in the root's staging and scratch areas: where every job that writes there starts. */
  public static void removeAbandonedUnder(FileSystem fs, StorageLayout layout) throws IOException {
    staging(fs, layout).removeAbandoned(StorageLayout.SILENT_RUN_GRACE);
    scratch(fs, layout).removeAbandoned(StorageLayout.SILENT_RUN_GRACE);
  }

  /**
   * Records {@code owner} as the process working on entry {@code name}, which it is about to create
   * or to continue (a run resumed under its id takes over the claim of the run that died).
   */
  public Path claim(String name, ProcessOwner owner) throws IOException {
    StorageName.require("entry", name);
    JsonFiles.write(fs, ownerFile(name), owner);
    return new Path(folder, name);
  }

  /** Ends the claim on entry {@code name}: what is left of it (a trained run awaiting publication) is at rest. */
  public void release(String name) throws IOException {
    fs.delete(ownerFile(name), false);
  }

  /**
   * Removes, with one log line each, the entries that nobody works on any more: those whose owner
   * is a process of this host that has ended, and those silent (nothing in them modified) for
   * longer than {@code silentFor}, whose owner cannot be asked (a process of another host, or none
   * recorded: older versions did not, and a released run at rest has none). Entries of live
   * processes of this host stay, however long they take.
   */
  public void removeAbandoned(Duration silentFor) throws IOException {
    long cutoff = System.currentTimeMillis() - silentFor.toMillis();
    for (FileStatus entry : HadoopFiles.list(fs, folder, HadoopFiles.VISIBLE)) {
      String name = entry.getPath().getName();
      Optional<ProcessOwner> owner = owner(name);
      if (owner.isPresent() && owner.get().isAliveOnThisHost()) {
        continue;
      }
      String reason;
      if (owner.isPresent() && owner.get().isDeadOnThisHost()) {
        reason = "its owner, " + owner.get().describe() + ", has ended";
      } else if (silentSince(entry, cutoff)) {
        reason = "silent for more than " + silentFor.toHours() + " h ("
            + owner.map(o -> "owner " + o.describe()).orElse("no owner recorded") + ")";
      } else {
        continue;
      }
      if (fs.delete(entry.getPath(), true)) {
        LOG.info("Removed {}, left by a run that did not finish: {}", entry.getPath(), reason);
      }
      release(name);
    }
    // claims on entries that are gone: their owner died after publishing, or before creating it
    for (FileStatus claim : HadoopFiles.list(fs, folder, path -> path.getName().endsWith(OWNER_SUFFIX))) {
      String name = claim.getPath().getName();
      String entry = name.substring(1, name.length() - OWNER_SUFFIX.length());
      if (!fs.exists(new Path(folder, entry))
          && (claim.getModificationTime() < cutoff || owner(entry).map(ProcessOwner::isDeadOnThisHost).orElse(false))) {
        fs.delete(claim.getPath(), false);
      }
    }
  }

  /** True when neither the entry nor anything in it, nor its claim, changed since {@code cutoff}. */
  private boolean silentSince(FileStatus entry, long cutoff) throws IOException {
    Path claim = ownerFile(entry.getPath().getName());
    if (entry.getModificationTime() >= cutoff || fs.exists(claim) && fs.getFileStatus(claim).getModificationTime() >= cutoff) {
      return false;
    }
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(entry.getPath(), true);
    while (files.hasNext()) {
      if (files.next().getModificationTime() >= cutoff) {
        return false;
      }
    }
    return true;
  }

  /** The claim on entry {@code name}, if there is one; one that cannot be read counts as none. */
  private Optional<ProcessOwner> owner(String name) {
    try {
      Path file = ownerFile(name);
      return fs.exists(file) ? Optional.of(JsonFiles.read(fs, file, ProcessOwner.class)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Path ownerFile(String name) {
    return new Path(folder, "_" + name + OWNER_SUFFIX);
  }
}
