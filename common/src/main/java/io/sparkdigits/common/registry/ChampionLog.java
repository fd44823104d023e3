package io.sparkdigits.common.registry;

import io.sparkdigits.common.json.Json;
import io.sparkdigits.common.storage.HadoopFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model's champion pointer: an append-only log of promotions, one small JSON file each, named by
 * its number ({@code 0000000001.json}, ...). The champion is the highest-numbered entry. Entries
 * are created exclusively ({@link HadoopFiles#createExclusively}): of two promotions racing for a
 * number only one succeeds, and a reader sees an entry whole or not at all.
 */
final class ChampionLog {
  private static final String SUFFIX = ".json";

  private final FileSystem fs;
  private final Path folder;

  ChampionLog(FileSystem fs, Path folder) {
    this.fs = fs;
    this.folder = folder;
  }

  /** The current champion: the newest promotion, if any. */
  Optional<Promotion> champion() throws IOException {
    List<Path> entries = entries();
    return entries.isEmpty() ? Optional.empty()
        : Optional.of(Json.read(fs, entries.get(entries.size() - 1), Promotion.class));
  }

  /** Appends {@code promotion} after the newest entry; false when another promotion took that place first. */
  boolean append(Promotion promotion) throws IOException {
    List<Path> entries = entries();
    long next = entries.isEmpty() ? 1 : number(entries.get(entries.size() - 1)) + 1;
    return HadoopFiles.createExclusively(fs, new Path(folder, String.format("%010d%s", next, SUFFIX)),
        Json.mapper().writeValueAsBytes(promotion));
  }

  /** Every promotion, oldest first. */
  List<Promotion> history() throws IOException {
    List<Promotion> promotions = new ArrayList<>();
    for (Path entry : entries()) {
      promotions.add(Json.read(fs, entry, Promotion.class));
    }
    return promotions;
  }

  private List<Path> entries() throws IOException {
    return HadoopFiles.list(fs, folder, path -> path.getName().matches("\\d{10}\\" + SUFFIX)).stream()
        .map(FileStatus::getPath)
        .toList();
  }

  private static long number(Path entry) {
    String name = entry.getName();
    return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
  }
}
