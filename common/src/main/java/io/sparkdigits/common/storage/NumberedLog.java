package io.sparkdigits.common.storage;

import io.sparkdigits.common.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An append-only log of small JSON documents in one folder, one file each, named by its number
 * ({@code 0000000001.json}, ...); the highest number is the current value. Appending is a
 * compare-and-swap, the way table formats commit: a writer that read entry N may only create entry
 * N + 1, created exclusively ({@link HadoopFiles#createExclusively}), so of two writers that read
 * the same N only one succeeds, and the other reads the new entry and decides again. A reader sees
 * an entry whole or not at all.
 */
public final class NumberedLog<T> {
  private static final String SUFFIX = ".json";

  /** An entry and its number in the log. */
  public record Entry<T>(long number, T value) {}

  private final FileSystem fs;
  private final Path folder;
  private final Class<T> type;

  public NumberedLog(FileSystem fs, Path folder, Class<T> type) {
    this.fs = fs;
    this.folder = folder;
    this.type = type;
  }

  /** The newest entry, if any. */
  public Optional<Entry<T>> latest() throws IOException {
    List<Path> files = files();
    return files.isEmpty() ? Optional.empty() : Optional.of(read(files.get(files.size() - 1)));
  }

  /** Every entry, oldest first. */
  public List<Entry<T>> history() throws IOException {
    List<Entry<T>> entries = new ArrayList<>();
    for (Path file : files()) {
      entries.add(read(file));
    }
    return entries;
  }

  /**
   * Appends {@code value} as entry {@code after + 1} ({@code after} 0: the first entry). False when
   * that entry exists already: another writer appended after {@code after} first.
   */
  public boolean appendAfter(long after, T value) throws IOException {
    return HadoopFiles.createExclusively(fs, file(after + 1), Json.mapper().writeValueAsBytes(value));
  }

  /** The file of entry {@code number}. */
  public Path file(long number) {
    return new Path(folder, String.format("%010d%s", number, SUFFIX));
  }

  /**
   * Deletes the entries numbered below {@code number}, for a log whose history is not worth
   * keeping. Then {@link #appendAfter} with a number read long ago can succeed in recreating a
   * deleted entry below the newest: a writer of such a log confirms its append with {@link #latest}.
   */
  public void deleteBefore(long number) throws IOException {
    for (Path file : files()) {
      if (number(file) < number) {
        fs.delete(file, false);
      }
    }
  }

  private Entry<T> read(Path file) throws IOException {
    return new Entry<>(number(file), Json.read(fs, file, type));
  }

  private static long number(Path file) {
    String name = file.getName();
    return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
  }

  private List<Path> files() throws IOException {
    return HadoopFiles.list(fs, folder, path -> path.getName().matches("\\d{10}\\" + SUFFIX)).stream()
        .map(FileStatus::getPath)
        .toList();
  }
}
