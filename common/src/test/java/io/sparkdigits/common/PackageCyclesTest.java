package io.sparkdigits.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every import of one of the project's packages runs down: no package of this module reaches,
 * through its imports (or a name written out in full), back to itself. A cycle makes two packages
 * one that cannot be read, tested or moved into another module apart. And the Spark-free core
 * stays free of Spark and of the Spark side (dataset, train, pipeline) that builds on it.
 */
class PackageCyclesTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  /** A reference to a class of the project, imported or written out: its package and the class. */
  private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.sparkdigits(?:\\.[a-z]\\w*)*)\\.([A-Z]\\w*)");

  /** The packages of the Spark-free core, which a server can use without Spark. */
  private static final List<String> CORE = Stream.of("augment", "idx", "json", "manifest", "metrics", "model",
      "registry", "report", "storage").map(name -> "io.sparkdigits.common." + name).toList();
  private static final Pattern SPARK_IMPORT =
      Pattern.compile("^import (static )?org\\.apache\\.spark\\.", Pattern.MULTILINE);

  @Test
  void noPackageOfTheModuleImportsItsWayBackToItself() throws IOException {
    Map<String, Map<String, String>> imports = imports();
    assertThat(imports).as("the packages read from %s", SOURCES.toAbsolutePath())
        .containsKeys("io.sparkdigits.common.storage", "io.sparkdigits.common.registry");
    List<String> cycles = new ArrayList<>();
    for (String start : imports.keySet()) {
      cycleThrough(start, start, new HashSet<>(), imports).ifPresent(cycle -> cycles.add(String.join(", ", cycle)));
    }
    assertThat(cycles).as("import cycles among the packages (each edge: the first file that makes it)").isEmpty();
  }

  @Test
  void theCoreImportsNeitherSparkNorAPackageAboveIt() throws IOException {
    Map<String, Map<String, String>> imports = imports();
    for (String core : CORE) {
      Map<String, String> used = imports.getOrDefault(core, Map.of());
      assertThat(used.keySet()).as("the packages %s uses: %s", core, used)
          .allMatch(name -> name.equals("io.sparkdigits.common") || CORE.contains(name));
    }
    try (Stream<Path> files = Files.walk(SOURCES)) {
      assertThat(files.filter(file -> file.toString().endsWith(".java")
              && CORE.contains(SOURCES.relativize(file.getParent()).toString().replace('/', '.')))
          .filter(file -> SPARK_IMPORT.matcher(read(file)).find()))
          .as("files of the core that import Spark").isEmpty();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** For each package, the packages of the project it refers to, each with the first file that does. */
  private static Map<String, Map<String, String>> imports() throws IOException {
    Map<String, Map<String, String>> imports = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
        String source = Files.readString(file);
        Matcher declared = PACKAGE.matcher(source);
        assertThat(declared.find()).as("the package of %s", file).isTrue();
        String from = declared.group(1);
        Map<String, String> targets = imports.computeIfAbsent(from, key -> new TreeMap<>());
        Matcher reference = REFERENCE.matcher(source.substring(declared.end()));
        while (reference.find()) {
          if (!reference.group(1).equals(from)) {
            targets.putIfAbsent(reference.group(1), file.getFileName() + " uses " + reference.group(2));
          }
        }
      }
    }
    return imports;
  }

  /**
   * A way of imports from {@code at} back to {@code start}, edge by edge, through packages named
   * after {@code start} and not in {@code onWay}: so each cycle is found once, from its first package.
   */
  private static Optional<List<String>> cycleThrough(String start, String at, Set<String> onWay,
      Map<String, Map<String, String>> imports) {
    for (Map.Entry<String, String> edge : imports.getOrDefault(at, Map.of()).entrySet()) {
      String next = edge.getKey();
      String step = at + " -> " + next + " (" + edge.getValue() + ")";
      if (next.equals(start)) {
        return Optional.of(List.of(step));
      }
      if (next.compareTo(start) > 0 && onWay.add(next)) {
        Optional<List<String>> rest = cycleThrough(start, next, onWay, imports);
        onWay.remove(next);
        if (rest.isPresent()) {
          return Optional.of(Stream.concat(Stream.of(step), rest.get().stream()).toList());
        }
      }
    }
    return Optional.empty();
  }
}
