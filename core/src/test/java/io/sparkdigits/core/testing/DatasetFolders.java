package io.sparkdigits.core.testing;

import io.sparkdigits.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A dataset's folders under a local storage root, found as a user finds them: the newest entry of
 * the version log {@code datasets/NAME/_versions/} names the current version's directory.
 */
public final class DatasetFolders {
  private DatasetFolders() {}

  /** The current version's directory of dataset {@code name} under {@code root}. */
  public static Path current(Path root, String name) {
    List<Path> log = versionLog(root, name);
    if (log.isEmpty()) {
      throw new AssertionError("dataset " + name + " under " + root + " has no version");
    }
    try {
      String version = Json.mapper().readTree(log.get(log.size() - 1).toFile()).get("version").asText();
      return root.resolve("datasets").resolve(name).resolve(version);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The entries of dataset {@code name}'s version log, oldest first. */
  public static List<Path> versionLog(Path root, String name) {
    Path log = root.resolve("datasets").resolve(name).resolve("_versions");
    if (!Files.isDirectory(log)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(log)) {
      return entries.filter(entry -> entry.getFileName().toString().matches("\\d{10}\\.json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
