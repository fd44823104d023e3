package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdigits.core.json.Json;
import io.sparkdigits.core.registry.SweepRecord;
import io.sparkdigits.spark.testing.SparkTestBase;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep job from its command line, on synthetic 12x12 digits, in local Spark. */
class SweepJobTest extends SparkTestBase {
  /** The test-only candidates: dense networks small enough for the tests. */
  private static final String TINY = Path.of("src/test/resources/sweeps/tiny-dense.json").toAbsolutePath().toString();

  @TempDir static Path dir;

  private static String ingested(String name) {
    Path data = dir.resolve("data-" + name);
    new SyntheticDigits(1_500, 12, 12, 10, 21).writeMnistFiles(data, "train", true);
    new SyntheticDigits(300, 12, 12, 10, 22).writeMnistFiles(data, "t10k", true);
    String warehouse = dir.resolve(name).toString();
    JobOutput ingest = JobOutput.run(new IngestJob(), "--data", data.toString(), "--out", warehouse);
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    return warehouse;
  }

  @Test
  void aSweepRanksByValidationAccuracyPublishesEveryCandidateAndPromotesTheBest() throws IOException {
    String warehouse = ingested("sweep");

    JobOutput sweep = JobOutput.run(new SweepJob(), "--out", warehouse, "--candidates", TINY, "--parallel", "2",
        "--floor", "0.1");

    assertThat(sweep.exitCode()).as("%s%s", sweep.out(), sweep.err()).isZero();
    Path sweeps = Path.of(warehouse, "models", "digits", "sweeps");
    Path report;
    try (Stream<Path> folders = Files.list(sweeps)) {
      report = folders.findFirst().orElseThrow();
    }
    SweepRecord record = Json.mapper().readValue(report.resolve("sweep.json").toFile(), SweepRecord.class);
    List<SweepRecord.Candidate> ranking = record.ranking();
    assertThat(ranking).extracting(SweepRecord.Candidate::name).containsExactlyInAnyOrder("starved", "narrow", "wide");
    assertThat(ranking).as("best validation accuracy first")
        .isSortedAccordingTo(Comparator.comparingDouble(SweepRecord.Candidate::validationAccuracy).reversed());
    assertThat(ranking.get(ranking.size() - 1).name()).as("the candidate starved of learning rate ranks last")
        .isEqualTo("starved");
    assertThat(ranking).extracting(SweepRecord.Candidate::rank).containsExactly(1, 2, 3);
    assertThat(ranking).allSatisfy(candidate -> {
      Path run = Path.of(warehouse, "models", "digits", "runs", candidate.runId());
      assertThat(run.resolve("model.zip")).as("candidate %s published", candidate.name()).exists();
      // the sweep records each candidate's scores as its published run has them
      JsonNode metrics = Json.mapper().readTree(run.resolve("metrics.json").toFile());
      assertThat(candidate.testAccuracy()).as("candidate %s's test accuracy, as its metrics.json has it",
          candidate.name()).isEqualTo(metrics.at("/test/accuracy").asDouble());
      assertThat(candidate.testMacroF1()).as("candidate %s's macro F1, as its metrics.json has it", candidate.name())
          .isEqualTo(metrics.at("/test/macroF1").asDouble());
      assertThat(candidate.trainingSeconds()).as("candidate %s's training time, as its metrics.json has it",
          candidate.name()).isEqualTo(metrics.at("/secondsByStage/train").asDouble()).isPositive();
      assertThat(candidate.epochs()).as("candidate %s's epochs", candidate.name()).isEqualTo(metrics.at("/epochs").size());
      JsonNode modelEpoch = metrics.at("/epochs/" + (candidate.modelEpoch() - 1));
      assertThat(modelEpoch.get("epoch").asInt()).isEqualTo(candidate.modelEpoch());
      assertThat(candidate.validationAccuracy()).as("candidate %s's validation accuracy, of its model's epoch",
          candidate.name()).isEqualTo(modelEpoch.get("validationAccuracy").asDouble());
    });
    assertThat(ranking.get(0).parameters()).as("parameters of the winner, %s", ranking.get(0).name())
        .isEqualTo(ranking.get(0).name().equals("wide") ? 144 * 32 + 32 + 32 * 10 + 10 : 144 * 8 + 8 + 8 * 10 + 10);

    String champion = JobOutput.run(new ModelsJob(), "champion", "--out", warehouse).out().strip();
    assertThat(Path.of(URI.create(champion)).getFileName().toString()).as("the registry's champion is the winner")
        .isEqualTo(ranking.get(0).runId());
    assertThat(record.decision().runId()).isEqualTo(ranking.get(0).runId());
    assertThat(record.mode()).isEqualTo("up to 2 side by side");
    assertThat(record.modeReason()).contains("FAIR scheduler pool");

    assertThat(sweep.out()).as("the table printed").contains("| 1 | " + ranking.get(0).name() + " |")
        .contains("| 3 | starved |").contains("PROMOTED: run " + ranking.get(0).runId());
    assertThat(Files.readString(report.resolve("ranking.md"))).contains("| 3 | starved |")
        .contains("| test accuracy | test macro F1 |").contains(String.format("| %.4f |", ranking.get(2).testMacroF1()));
    assertThat(Files.readString(report.resolve("index.html"))).contains("<img src=\"accuracy-vs-time.png\"")
        .contains("starved").contains("PROMOTED");
    assertThat(ImageIO.read(report.resolve("accuracy-vs-time.png").toFile()).getWidth()).isEqualTo(800);
  }

  @Test
  void aBadCandidateFailsBeforeSparkStartsWithOneLineNamingIt() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"candidates\": [{\"name\": \"fine\", \"options\": \"--layers 144-8-10\"},"
        + " {\"name\": \"bad\", \"options\": \"--layers nonsense --epochs 2\"}]}");
    Path warehouse = dir.resolve("untouched");

    JobOutput sweep = JobOutput.run(new SweepJob(), "--out", warehouse.toString(), "--candidates", file.toString());

    assertThat(sweep.exitCode()).isEqualTo(2);
    assertThat(sweep.err().strip()).as("one line").doesNotContain("\n")
        .startsWith("sweep: --candidates " + file + ": candidate 'bad': ").contains("nonsense");
    assertThat(SparkSession.getActiveSession().isEmpty()).as("Spark was not started").isTrue();
    assertThat(warehouse).as("nothing written").doesNotExist();
  }

  @Test
  void aCandidateThatFailsIsReportedAndTheOthersAreRankedAndPromotedUnlessAllFail() throws IOException {
    String warehouse = ingested("failing");
    Path file = dir.resolve("one-fails.json");
    Files.writeString(file, "{\"candidates\": [{\"name\": \"huge-batch\", \"options\": \"--layers 144-8-10 --batch-size "
        + "100000 --epochs 1\"}, {\"name\": \"fine\", \"options\": \"--layers 144-8-10 --epochs 2\"}]}");

    JobOutput sweep = JobOutput.run(new SweepJob(), "--out", warehouse, "--candidates", file.toString(),
        "--floor", "0.1");

    assertThat(sweep.exitCode()).as("%s%s", sweep.out(), sweep.err()).isZero();
    Path report;
    try (Stream<Path> folders = Files.list(Path.of(warehouse, "models", "digits", "sweeps"))) {
      report = folders.findFirst().orElseThrow();
    }
    SweepRecord record = Json.mapper().readValue(report.resolve("sweep.json").toFile(), SweepRecord.class);
    assertThat(record.ranking()).extracting(SweepRecord.Candidate::name).containsExactly("fine");
    assertThat(record.failures()).singleElement().satisfies(failure -> {
      assertThat(failure.name()).isEqualTo("huge-batch");
      assertThat(failure.error()).contains("batch size 100000 is larger");
    });
    assertThat(record.decision().runId()).isEqualTo(record.winner().runId());
    assertThat(sweep.out()).contains("Failed, not ranked").contains("| huge-batch | batch size 100000");
    assertThat(Files.readString(report.resolve("index.html"))).contains("Failed, not ranked").contains("huge-batch");
    try (Stream<Path> runs = Files.list(Path.of(warehouse, "models", "digits", "runs"))) {
      assertThat(runs.filter(run -> !run.getFileName().toString().startsWith("_")).toList())
          .as("published runs").hasSize(1);
    }
    Path staging = Path.of(warehouse, "models", "digits", "_staging");
    if (Files.exists(staging)) {
      try (Stream<Path> staged = Files.list(staging)) {
        assertThat(staged.filter(Files::isDirectory).toList()).as("staged runs left").isEmpty();
      }
    }

    Path allFail = dir.resolve("all-fail.json");
    Files.writeString(allFail,
        "{\"candidates\": [{\"name\": \"huge-batch\", \"options\": \"--layers 144-8-10 --batch-size 100000\"}]}");
    JobOutput failed = JobOutput.run(new SweepJob(), "--out", warehouse, "--candidates", allFail.toString());
    assertThat(failed.exitCode()).as("a sweep whose every candidate failed: %s", failed.err()).isEqualTo(1);
    assertThat(failed.err()).contains("every candidate of the sweep failed: huge-batch: batch size 100000");
  }
}
