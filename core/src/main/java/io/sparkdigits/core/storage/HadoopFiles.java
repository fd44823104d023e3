package io.sparkdigits.core.storage;

import io.sparkdigits.core.UsageException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
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
 * its destination under a temporary name ({@link Scratch#beside}) and moved into place with one
 * rename. And the listing of
 * what such writes leave.
 */
public final class HadoopFiles {
  /** What Hadoop and Spark readers see: names not hidden by a leading {@code _} or {@code .}. */
  public static final PathFilter VISIBLE = path -> !path.getName().startsWith("_") && !path.getName().startsWith(".");

  /** The filesystems whose exclusive create is atomic, by class: named, since HDFS' client may not be on the classpath. */
  private static final Set<String> ATOMIC_EXCLUSIVE_CREATE = Set.of(LocalFileSystem.class.getName(),
      RawLocalFileSystem.class.getName(), "org.apache.hadoop.hdfs.DistributedFileSystem");

  /** Writes the content of a file to an output stream. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  private HadoopFiles() {}

  /** Creates or replaces {@code target} with what {@code writer} writes, atomically. */
  public static void writeAtomically(FileSystem fs, Path target, Writer writer) throws IOException {
    Path temp = Scratch.beside(target);
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
   * fails where the target exists) or renamed (HDFS: a rename never replaces an existing file) into
   * place. On any other store (S3A) it is only checked, then written: the file is still whole, but
   * two racing calls can both create it, the later one's content winning. What needs the guarantee
   * (the registry) refuses those stores first ({@link #requireAtomicExclusiveCreate}); what only
   * needs whole files and a newest entry (a dataset's versions) works on them.
   */
  public static boolean createExclusively(FileSystem fs, Path target, byte[] content) throws IOException {
    fs.mkdirs(target.getParent());
    if ("file".equals(fs.getUri().getScheme())) {
      java.nio.file.Path file = java.nio.file.Path.of(fs.makeQualified(target).toUri());
      java.nio.file.Path temp = java.nio.file.Path.of(fs.makeQualified(Scratch.beside(target)).toUri());
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
    Path temp = Scratch.beside(target);
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

  /** True on a store where {@link #createExclusively} is atomic (see {@link #requireAtomicExclusiveCreate}). */
  public static boolean hasAtomicExclusiveCreate(FileSystem fs) {
    return ATOMIC_EXCLUSIVE_CREATE.contains(fs.getClass().getName());
  }

  /**
   * Refuses a store on which {@link #createExclusively} cannot be atomic, with a one-line
   * {@link UsageException} naming the store and {@code consequence}. The stores are an
   * explicit allow-list of filesystem classes, subclasses not included: Hadoop's local filesystem and
   * HDFS' {@code DistributedFileSystem}. S3A (Hadoop 3.3) has neither an exclusive create nor a
   * rename that refuses to replace, and offers no conditional write.
   */
  public static void requireAtomicExclusiveCreate(FileSystem fs, String consequence) {
    if (!hasAtomicExclusiveCreate(fs)) {
      throw new UsageException(fs.getUri() + " has no atomic exclusive create (" + fs.getClass().getSimpleName() + "): "
          + consequence);
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

  /**
   * Checks that files can be created in folder {@code dir}, which need not exist yet: a probe file
   * is created in it, with the folders that are missing, and everything the probe made is deleted
   * again. Probing {@code dir} itself rather than its nearest existing ancestor matters on object
   * stores, where a policy may allow writing under a prefix and nowhere else. Fails with an
   * IOException saying why not.
   */
  public static void requireWritable(FileSystem fs, Path dir) throws IOException {
    List<Path> missing = new ArrayList<>();
    Path existing = fs.makeQualified(dir);
    while (!fs.exists(existing)) {
      missing.add(existing);
      existing = existing.getParent();
    }
    if (!fs.getFileStatus(existing).isDirectory()) {
      throw new IOException(existing + " is a file, not a folder");
    }
    Path probe = Scratch.beside(new Path(dir, "write-probe"));
    try {
      fs.create(probe, false).close();
    } finally {
      fs.delete(probe, false);
      // deepest first, and only while empty: a folder that another process filled meanwhile stays
      for (Path folder : missing) {
        if (fs.exists(folder) && fs.listStatus(folder).length == 0) {
          fs.delete(folder, false);
        }
      }
    }
  }

  private static void rename(FileSystem fs, Path source, Path target) throws IOException {
    if (!fs.rename(source, target)) {
      throw new IOException("Failed to move " + source + " to " + target);
    }
  }
}
