package io.sparkdigits.common.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes that readers never see half done, on any Hadoop filesystem: everything is written beside
 * its destination under a temporary name and moved into place with one rename.
 */
public final class HadoopFiles {
  /** Writes the content of a file to an output stream. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  private HadoopFiles() {}

  /** Creates or replaces {@code target} with what {@code writer} writes, atomically. */
  public static void writeAtomically(FileSystem fs, Path target, Writer writer) throws IOException {
    Path temp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FSDataOutputStream out = fs.create(temp, false)) {
        writer.writeTo(out);
      }
      if (fs.exists(target) && !fs.delete(target, false)) {
        throw new IOException("Failed to replace " + target);
      }
      rename(fs, temp, target);
    } finally {
      fs.delete(temp, false);
    }
  }

  /**
   * Moves the complete directory {@code source} to {@code target}, which must not exist yet. The
   * parent of {@code target} is created first, so that the rename cannot nest {@code source} inside.
   */
  public static void commitDirectory(FileSystem fs, Path source, Path target) throws IOException {
    if (fs.exists(target)) {
      throw new IOException("Failed to commit " + source + ": " + target + " already exists");
    }
    fs.mkdirs(target.getParent());
    rename(fs, source, target);
  }

  /**
   * Puts the complete directory {@code source} where {@code target} is. The old content is moved
   * aside first and deleted after, so a reader sees the old or the new directory, never a mix.
   */
  public static void replaceDirectory(FileSystem fs, Path source, Path target, Path scratch) throws IOException {
    Path old = null;
    if (fs.exists(target)) {
      old = new Path(scratch, target.getName() + "-replaced-" + UUID.randomUUID());
      fs.mkdirs(scratch);
      rename(fs, target, old);
    }
    commitDirectory(fs, source, target);
    if (old != null) {
      fs.delete(old, true);
    }
  }

  private static void rename(FileSystem fs, Path source, Path target) throws IOException {
    if (!fs.rename(source, target)) {
      throw new IOException("Failed to move " + source + " to " + target);
    }
  }
}
