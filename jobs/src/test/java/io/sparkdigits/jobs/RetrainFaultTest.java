package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.core.json.Json;
import io.sparkdigits.core.metrics.RunMetrics;
import io.sparkdigits.core.registry.Promotion;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrain entry point as a scheduler starts it, in a JVM of its own, killed with SIGKILL
 * mid-training, after training, and at random moments: a killed challenger continues from its
 * checkpoint, and the registry stays consistent with a champion that loads.
 */
class RetrainFaultTest {
  private static final Duration RUN_TIMEOUT = JobProcess.TIMEOUT;

  @TempDir static Path dir;
  private static Path inbox;

  @BeforeAll
  static void dataLands() {
    inbox = dir.resolve("inbox");
    new SyntheticDigits(8_000, 28, 28, 10, 11).writeMnistFiles(inbox.resolve("2026-11-01"), "train", true);
    new SyntheticDigits(1_000, 28, 28, 10, 12).writeMnistFiles(inbox.resolve("2026-11-01"), "t10k", true);
  }

  @Test
  void aRunKilledMidTrainingContinuesFromItsCheckpoint() throws Exception {
    Path warehouse = dir.resolve("resume");
    Path firstLog = dir.resolve("resume-1.log");
    Process killed = start(warehouse, firstLog);
    // An epoch's line is logged before its checkpoint is written, and the next epoch starts after.
    assertThat(JobProcess.waitFor(killed, firstLog, "Epoch 3/6")).as("epoch 3 ends: %s", Files.readString(firstLog)).isTrue();
    JobProcess.kill(killed);

    Path log = dir.resolve("resume-2.log");
    Process again = start(warehouse, log);
    assertThat(again.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(log);
    assertThat(again.exitValue()).as(output).isZero();
    Matcher continued = Pattern.compile("Continuing run (\\S+), which was interrupted").matcher(output);
    assertThat(continued.find()).as("the second run continues the first: %s", output).isTrue();
    Matcher resumed = Pattern.compile("Resuming after epoch (\\d+)").matcher(output);
    assertThat(resumed.find()).as(output).isTrue();
    assertThat(Integer.parseInt(resumed.group(1))).as("epochs already done").isBetween(2, 3);
    assertThat(output).contains("PROMOTED: run " + continued.group(1) + " of model digits");
    assertConsistent(warehouse);
  }

  @Test
  void killedAtAnyPointTheRegistryStaysConsistentAndItsChampionLoads() throws Exception {
    Path warehouse = dir.resolve("faults");
    Process first = start(warehouse, dir.resolve("faults-0.log"));
    assertThat(first.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as(Files.readString(dir.resolve("faults-0.log"))).isZero();

    Path mid = dir.resolve("faults-publish.log");
    Promotion before = champion(warehouse);
    Process publishing = start(warehouse, mid, "--force");
    assertThat(JobProcess.waitFor(publishing, mid, "Publishing run")).as(Files.readString(mid)).isTrue();
    JobProcess.kill(publishing);
    assertConsistent(warehouse);
    assertThat(champion(warehouse)).as("killed mid-publish, the champion is untouched").isEqualTo(before);

    long seed = System.nanoTime();
    Random random = new Random(seed);
    String[] killPoints = {"Epoch 1/6", "Trained challenger", null, null, null};
    for (int round = 1; round <= killPoints.length; round++) {
      Path log = dir.resolve("faults-" + round + ".log");
      Process run = start(warehouse, log, "--force");
      if (killPoints[round - 1] != null) {
        JobProcess.waitFor(run, log, killPoints[round - 1]);
      } else {
        run.waitFor(500 + random.nextInt(14_000), TimeUnit.MILLISECONDS);
      }
      JobProcess.kill(run);
      assertConsistent(warehouse);
    }

    Path log = dir.resolve("faults-last.log");
    Process last = start(warehouse, log, "--force");
    assertThat(last.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(last.exitValue()).as("after the kills (random seed %d): %s", seed, Files.readString(log)).isIn(0, 10);
    assertConsistent(warehouse);
  }

  private static Promotion champion(Path warehouse) throws IOException {
    List<Promotion> promotions = promotions(warehouse.resolve("models/digits"));
    return promotions.get(promotions.size() - 1);
  }

  /** The pointer log, every entry of it whole, each naming the one before it. */
  private static List<Promotion> promotions(Path model) throws IOException {
    List<Promotion> promotions = new ArrayList<>();
    try (Stream<Path> entries = Files.list(model.resolve("champion"))) {
      for (Path entry : entries.sorted().toList()) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(".") && !name.startsWith("_")) {
          assertThat(name).as("a pointer log entry").matches("\\d{10}\\.json");
          promotions.add(Json.mapper().readValue(entry.toFile(), Promotion.class));
        }
      }
    }
    assertThat(promotions).as("promotions").isNotEmpty();
    for (int i = 1; i < promotions.size(); i++) {
      assertThat(promotions.get(i).replacesRunId()).as("promotion %d names the one before it", i + 1)
          .isEqualTo(promotions.get(i - 1).runId());
    }
    return promotions;
  }

  /**
   * Every promotion in the pointer log whole, every published run complete, and the champion a
   * model that plain DL4J loads.
   */
  private static void assertConsistent(Path warehouse) throws IOException {
    Path model = warehouse.resolve("models/digits");
    try (Stream<Path> runs = Files.list(model.resolve("runs"))) {
      for (Path run : runs.toList()) {
        assertThat(run.resolve("model.zip")).as("published run %s", run).isRegularFile();
        assertThat(run.resolve("report/index.html")).as("published run %s", run).isRegularFile();
        Json.mapper().readValue(run.resolve("metrics.json").toFile(), RunMetrics.class);
      }
    }
    // champion() reads the whole pointer log
    Path champion = model.resolve("runs").resolve(champion(warehouse).runId());
    assertThat(ModelSerializer.restoreMultiLayerNetwork(champion.resolve("model.zip").toFile()).numParams())
        .as("the champion %s loads", champion).isPositive();
  }

  private static Process start(Path warehouse, Path log, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("--inbox", inbox.toString(), "--out", warehouse.toString(),
        "--layers", "784-64-10", "--epochs", "6", "--lock-stale-after", "2", "--lock-wait", "60"));
    args.addAll(List.of(options));
    return JobProcess.start(RetrainJob.class, log, args);
  }
}
