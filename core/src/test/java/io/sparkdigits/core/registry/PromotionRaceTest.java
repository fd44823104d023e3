package io.sparkdigits.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.core.json.Json;
import io.sparkdigits.core.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes (not threads) race through lock takeovers and promotions of one registry many
 * times ({@link PromotionRacer}); afterwards the pointer log must be one chain, every promotion
 * decided against its true predecessor, whatever the lock let through.
 */
class PromotionRaceTest {
  private static final int CHILDREN = 4;
  private static final int ITERATIONS = 20;

  @TempDir Path dir;

  @Test
  void racingProcessesKeepThePointerLogOneChainOfTruePredecessors() throws Exception {
    long seed = System.nanoTime();
    List<Process> racers = new ArrayList<>();
    for (int child = 0; child < CHILDREN; child++) {
      racers.add(ChildJvm.start(log(child), ChildJvm.withoutSpark(), PromotionRacer.class,
          List.of(dir.toString(), String.valueOf(child), String.valueOf(ITERATIONS), String.valueOf(seed))));
    }
    List<String> lines = new ArrayList<>();
    for (int child = 0; child < CHILDREN; child++) {
      Process racer = racers.get(child);
      boolean ended = racer.waitFor(2, TimeUnit.MINUTES);
      if (!ended) {
        ChildJvm.kill(racer);
      }
      String output = Files.readString(log(child));
      assertThat(ended && (racer.exitValue() == 0 || racer.exitValue() == PromotionRacer.DIED))
          .as("racer %d (seed %d) ends well: %s", child, seed, output).isTrue();
      lines.addAll(output.lines().toList());
    }
    String why = "seed " + seed;

    List<Promotion> log = pointerLog();
    assertThat(log).as("promotions (%s)", why).hasSizeGreaterThan(CHILDREN);
    Set<String> promoted = new HashSet<>();
    for (int number = 1; number <= log.size(); number++) {
      Promotion promotion = log.get(number - 1);
      Promotion predecessor = number == 1 ? null : log.get(number - 2);
      assertThat(promoted.add(promotion.runId())).as("run %s promoted once (%s)", promotion.runId(), why).isTrue();
      assertThat(promotion.replacesRunId()).as("promotion %d names the one before it (%s)", number, why)
          .isEqualTo(predecessor == null ? null : predecessor.runId());
      Decision decision = decision(promotion.runId());
      assertThat(decision.outcome()).as("the decision about promoted run %s (%s)", promotion.runId(), why)
          .isEqualTo(Decision.Outcome.PROMOTED);
      assertThat(decision.championBefore()).as("promotion %d was decided against its true predecessor (%s)", number,
          why).isEqualTo(promotion.replacesRunId());
      if (predecessor != null) {
        assertThat(decision.championAccuracy()).as("and with its accuracy (%s)", why)
            .isEqualTo(predecessor.testAccuracy());
        assertThat(promotion.testAccuracy()).as("promotion %d follows the rule against it (%s)", number, why)
            .isGreaterThanOrEqualTo(predecessor.testAccuracy() + PromotionRacer.MARGIN);
      }
    }
    List<String> decidedPromoted = lines.stream().filter(line -> line.startsWith("decided ") && line.contains(" PROMOTED "))
        .map(line -> line.split(" ")[1]).toList();
    assertThat(promoted).as("every run decided promoted is in the log, and only those (%s)", why)
        .containsExactlyInAnyOrderElementsOf(decidedPromoted);

    List<String> generations = lines.stream().filter(line -> line.startsWith("generation "))
        .map(line -> line.split(" ")[1]).toList();
    assertThat(generations).as("no two racers took the same generation of the lock (%s)", why).doesNotHaveDuplicates();
    assertThat(lines).as("locks taken over (%s)", why).anyMatch(line -> line.contains("Taking over the lock"));
    assertThat(lines).as("promotions decided again after another got in first (%s)", why)
        .anyMatch(line -> line.matches("decided \\S+ \\S+ [2-9]"));
  }

  private Path log(int child) {
    return dir.resolve("racer-" + child + ".log");
  }

  /** The pointer log's entries, checked to be numbered 1, 2, ... without a gap. */
  private List<Promotion> pointerLog() throws IOException {
    List<Promotion> promotions = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve("models/digits/champion"))) {
      List<String> names = files.map(file -> file.getFileName().toString()).filter(name -> !name.startsWith("."))
          .sorted().toList();
      for (int number = 1; number <= names.size(); number++) {
        assertThat(names.get(number - 1)).as("pointer %d", number).isEqualTo(String.format("%010d.json", number));
        promotions.add(Json.mapper().readValue(dir.resolve("models/digits/champion").resolve(names.get(number - 1))
            .toFile(), Promotion.class));
      }
    }
    return promotions;
  }

  private Decision decision(String runId) throws IOException {
    return Json.mapper().readValue(dir.resolve("models/digits/decisions/" + runId + ".json").toFile(), Decision.class);
  }
}
