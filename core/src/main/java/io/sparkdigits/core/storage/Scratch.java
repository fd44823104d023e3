package io.sparkdigits.core.storage;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where what is being written waits for its commit, the one convention for it: readers never see
 * it, and what a failed or killed writer leaves is removed.
 *
 * <ul>
 *   <li>{@link #beside}: a file or directory moved into place by one rename in its own folder (a
 *       JSON document, a model, a checkpoint, predictions) is written as {@code .NAME.UUID.tmp}
 *       beside its target, hidden from Hadoop and Spark readers; the writer deletes it whatever
 *       happens, and a folder removed (a staged run) takes it along.
 *   <li>{@link #claim}: a directory of the storage root that is built before its place is taken (a
 *       dataset version, a sweep's report) is written in the root's scratch area as {@code
 *       _tmp/PURPOSE-UUID}, claimed by its process ({@link WorkArea}), so that the next job removes
 *       what a dead process left there.
 * </ul>
 */
public final class Scratch implements AutoCloseable {
  private static final String SUFFIX = ".tmp";

  private final FileSystem fs;
  private final WorkArea area;
  private final Path path;

  private Scratch(FileSystem fs, WorkArea area, Path path) {
    this.fs = fs;
    this.area = area;
    this.path = path;
  }

  /** A hidden name beside {@code target}, unique to one write. */
  public static Path beside(Path target) {
    return new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + SUFFIX);
  }

  /**
   * A new directory in the scratch area of {@code layout}'s root for {@code purpose}, claimed by
   * {@code owner}; not created yet.
   */
  public static Scratch claim(FileSystem fs, StorageLayout layout, String purpose, ProcessOwner owner)
      throws IOException {
    WorkArea area = WorkArea.scratch(fs, layout);
    return new Scratch(fs, area, area.claim(purpose + "-" + UUID.randomUUID(), owner));
  }

  public Path path() {
    return path;
  }

  /** Deletes what is left of the directory (nothing, once it was committed) and ends the claim. */
  @Override
  public void close() throws IOException {
    fs.delete(path, true);
    area.release(path.getName());
  }
}
