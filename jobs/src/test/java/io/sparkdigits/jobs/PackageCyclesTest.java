package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
 * Every import of one of the project's packages runs down: no package, in any module, reaches
 * through its imports (or a name written out in full) back to itself. A cycle makes two packages
 * one that cannot be read, tested or moved into another module apart. Between modules the build
 * itself keeps the order (core, then spark, then jobs; serve on core alone); this keeps it inside them.
 */
class PackageCyclesTest {
  private static final List<Path> SOURCES = Stream.of("core", "spark", "jobs", "serve")
      .map(module -> Path.of("..", module, "src/main/java")).toList();
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  /** A reference to a class of the project, imported or written out: its package and the class. */
  private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.sparkdigits(?:\\.[a-z]\\w*)*)\\.([A-Z]\\w*)");

  @Test
  void noPackageImportsItsWayBackToItself() throws IOException {
    Map<String, Map<String, String>> imports = imports();
    assertThat(imports).as("the packages read from %s", SOURCES)
        .containsKeys("io.sparkdigits.core.storage", "io.sparkdigits.spark.train", "io.sparkdigits.jobs.cli",
            "io.sparkdigits.serve");
    List<String> cycles = new ArrayList<>();
    for (String start : imports.keySet()) {
      cycleThrough(start, start, new HashSet<>(), imports).ifPresent(cycle -> cycles.add(String.join(", ", cycle)));
    }
    assertThat(cycles).as("import cycles among the packages (each edge: the first file that makes it)").isEmpty();
  }

  /** For each package, the packages of the project it refers to, each with the first file that does. */
  private static Map<String, Map<String, String>> imports() throws IOException {
    Map<String, Map<String, String>> imports = new TreeMap<>();
    for (Path sources : SOURCES) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(sources)) {
        files = walk.filter(path -> path.toString().endsWith(".java")).sorted().toList();
      }
      for (Path file : files) {
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
