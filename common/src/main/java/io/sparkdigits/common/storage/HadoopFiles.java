package io.sparkdigits.common.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Writes that readers never see half done, on any Hadoop filesystem: everything is written beside
 * its destination under a temporary name and moved into place with one rename. And the listing of
 * what such writes leave.
 */
public final class HadoopFiles {
  /** What Hadoop and Spark readers see: names not hidden by a leading {@code _} or {@code .}. */
  public static final PathFilter VISIBLE = path -> !path.getName().startsWith("_") && !path.getName().startsWith(".");

  /** Writes the content of a file to an output stream. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  private HadoopFiles() {}

  /** Creates or replaces {@code target} with what {@code writer} writes, atomically. */
  public static void writeAtomically(FileSystem fs, Path target, Writer writer) throws IOException {
    Path temp = tempBeside(target);
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
   * Creates {@code target} with {@code content} unless it exists: true when this call created it.
   * Of two calls racing for one path only one succeeds, and readers see the file whole or not at
   * all: the content goes to a temporary file that is then linked (local filesystem: a hard link
   * fails where the target exists; Hadoop's own local create checks, then opens) or renamed (HDFS:
   * a rename never replaces an existing file) into place. S3A gives neither guarantee.
   */
  public static boolean createExclusively(FileSystem fs, Path target, byte[] content) throws IOException {
    fs.mkdirs(target.getParent());
    if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
      java.nio.file.Path file = java.nio.file.Path.of(fs.makeQualified(target).toUri());
      java.nio.file.Path temp = java.nio.file.Path.of(fs.makeQualified(tempBeside(target)).toUri());
      Files.write(temp, content);
      try {
        Files.createLink(file, temp);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      } finally {
        Files.delete(temp);
      }
    }
    Path temp = tempBeside(target);
    try {
      try (FSDataOutputStream out = fs.create(temp, false)) {
        out.write(content);
      }
      return !fs.exists(target) && fs.rename(temp, target);
    } catch (FileAlreadyExistsException e) {
      return false;
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

  /** The entries of {@code folder} that {@code filter} accepts, by name; none when there is no such folder. */
  public static List<FileStatus> list(FileSystem fs, Path folder, PathFilter filter) throws IOException {
    if (!fs.exists(folder)) {
      return List.of();
    }
    return Arrays.stream(fs.listStatus(folder, filter))
        .sorted(Comparator.comparing(status -> status.getPath().getName()))
        .toList();
  }

  /** A hidden name beside {@code target}, unique to one write. */
  private static Path tempBeside(Path target) {
    return new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
  }

  private static void rename(FileSystem fs, Path source, Path target) throws IOException {
    if (!fs.rename(source, target)) {
      throw new IOException("Failed to move " + source + " to " + target);
    }
  }
}
