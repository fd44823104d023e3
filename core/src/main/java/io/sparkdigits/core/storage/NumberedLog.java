package io.sparkdigits.core.storage;

import io.sparkdigits.core.json.Json;
import java.io.FileNotFoundException;
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
 * the same N only one succeeds, and the other reads the new entry and decides again
 * ({@link #update}, the one loop that does so). A reader sees an entry whole or not at all.
 */
public final class NumberedLog<T> {
  private static final String SUFFIX = ".json";

  /** An entry and its number in the log. */
  public record Entry<T>(long number, T value) {}

  /** What a writer makes of the newest entry. */
  @FunctionalInterface
  public interface Decide<T> {
    /**
     * The value to append after {@code latest} (empty: the log has no entry), or none to append
     * nothing. Called again with the new newest entry each time another writer got in first.
     */
    Optional<T> next(Optional<Entry<T>> latest) throws IOException;
  }

  /** {@link #update} found another writer in first as often as it was allowed to try. */
  public static final class ContendedException extends IOException {
    private static final long serialVersionUID = 1L;

    ContendedException(String message) {
      super(message);
    }
  }

  private final FileSystem fs;
  private final Path folder;
  private final Class<T> type;
  private final boolean keepsHistory;

  public NumberedLog(FileSystem fs, Path folder, Class<T> type) {
    this(fs, folder, type, true);
  }

  private NumberedLog(FileSystem fs, Path folder, Class<T> type, boolean keepsHistory) {
    this.fs = fs;
    this.folder = folder;
    this.type = type;
    this.keepsHistory = keepsHistory;
  }

  /**
   * A log whose history is not worth keeping (a lock's generations): each append deletes the
   * entries before its own, so the folder keeps a few small files. An append with a number read
   * long ago could then recreate a deleted entry below the newest; so an append to such a log counts
   * only when its entry is the newest right after it.
   */
  public static <T> NumberedLog<T> newestOnly(FileSystem fs, Path folder, Class<T> type) {
    return new NumberedLog<>(fs, folder, type, false);
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
   * Appends what {@code decide} makes of the newest entry after it, reading the newest again and
   * deciding again each time another writer appended first, at most {@code attempts} times (then a
   * {@link ContendedException}). Returns the entry appended; empty when {@code decide} chose to
   * append nothing. In a newest-only log an entry deleted while it is read or decided about was
   * superseded by a newer one: that counts as another writer in first.
   */
  public Optional<Entry<T>> update(int attempts, Decide<T> decide) throws IOException {
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        Optional<Entry<T>> latest = latest();
        Optional<T> next = decide.next(latest);
        if (next.isEmpty()) {
          return Optional.empty();
        }
        long after = latest.map(Entry::number).orElse(0L);
        if (appendAfter(after, next.get())) {
          return Optional.of(new Entry<>(after + 1, next.get()));
        }
      } catch (FileNotFoundException superseded) {
        if (keepsHistory) {
          throw superseded;
        }
      }
    }
    throw new ContendedException("another writer appended to " + folder + " first " + attempts + " times");
  }

  /**
   * Appends {@code value} as entry {@code after + 1} ({@code after} 0: the first entry). False when
   * that entry exists already, or in a newest-only log is no longer the newest: another writer
   * appended after {@code after} first.
   */
  public boolean appendAfter(long after, T value) throws IOException {
    long number = after + 1;
    if (!HadoopFiles.createExclusively(fs, file(number), Json.mapper().writeValueAsBytes(value))) {
      return false;
    }
    if (!keepsHistory) {
      if (!isNewest(number)) {
        return false;
      }
      deleteBefore(number);
    }
    return true;
  }

  private boolean isNewest(long number) throws IOException {
    try {
      return latest().map(Entry::number).orElse(0L) == number;
    } catch (FileNotFoundException superseded) {
      return false;
    }
  }

  /** The file of entry {@code number}. */
  public Path file(long number) {
    return new Path(folder, String.format("%010d%s", number, SUFFIX));
  }

  private void deleteBefore(long number) throws IOException {
    for (Path file : files()) {
      if (number(file) < number) {
        fs.delete(file, false);
      }
    }
  }

  private Entry<T> read(Path file) throws IOException {
    return new Entry<>(number(file), JsonFiles.read(fs, file, type));
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
