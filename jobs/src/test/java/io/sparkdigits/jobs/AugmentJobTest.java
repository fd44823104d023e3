package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdigits.common.json.Json;
import io.sparkdigits.common.testing.DatasetFolders;
import io.sparkdigits.common.testing.SyntheticDigits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The augment job, alone and as the pipeline's step, from their command lines in Spark local mode, on tiny data. */
@ExtendWith(LocalSpark.class)
class AugmentJobTest {
  private static final int TRAIN = 1_000;
  private static final int TEST = 200;
  @TempDir static Path dir;
  private static Path data;

  @BeforeAll
  static void writeInput() {
    data = dir.resolve("input");
    new SyntheticDigits(TRAIN, 28, 28, 10, 1).writeMnistFiles(data, "train", true);
    new SyntheticDigits(TEST, 28, 28, 10, 2).writeMnistFiles(data, "t10k", true);
  }

  @Test
  void augmentWritesANewDatasetWithItsReportAndRewritesNothingTheSecondTime() throws IOException {
    Path warehouse = dir.resolve("warehouse");
    String out = warehouse.toString();
    assertThat(JobOutput.run(new IngestJob(), "--data", data.toString(), "--out", out).exitCode()).isZero();

    JobOutput result = JobOutput.run(new AugmentJob(), "--out", out, "--copies", "2", "--augment-seed", "5",
        "--max-rotation", "10");

    assertThat(result.exitCode()).as("exit status; stderr: %s", result.err()).isZero();
    Path version = DatasetFolders.current(warehouse, "mnist-aug2");
    Path report = version.resolve("_report").resolve("index.html");
    assertThat(result.out()).contains(String.format("train     %,d images of 28x28", 3 * TRAIN))
        .contains(String.format("test        %,d images of 28x28", TEST))
        .contains("Report:  " + report.toUri().toString().replace("file:///", "file:/"));
    assertThat(report).isRegularFile();
    assertThat(version.resolve("_report").resolve("augmentations.png")).isRegularFile();

    JsonNode augmentation = Json.mapper().readTree(version.resolve("_manifest.json").toFile()).get("augmentation");
    assertThat(augmentation.get("sourceDataset").asText()).isEqualTo("mnist");
    assertThat(augmentation.get("sourceVersion").asText())
        .isEqualTo(DatasetFolders.current(warehouse, "mnist").getFileName().toString());
    assertThat(augmentation.get("copies").asInt()).isEqualTo(2);
    assertThat(augmentation.get("seed").asLong()).isEqualTo(5);
    assertThat(augmentation.at("/deformation/maxRotationDegrees").asDouble()).as("given").isEqualTo(10);
    assertThat(augmentation.at("/deformation/elasticAlpha").asDouble()).as("the bundled default").isEqualTo(34);
    assertThat(augmentation.at("/deformation/elasticSigma").asDouble()).as("the bundled default").isEqualTo(4);

    JobOutput again = JobOutput.run(new AugmentJob(), "--out", out, "--copies", "2", "--augment-seed", "5",
        "--max-rotation", "10");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("nothing was rewritten");
    assertThat(DatasetFolders.versionLog(warehouse, "mnist-aug2")).as("no new version").hasSize(1);
  }

  @Test
  void pipelineWithAugmentTrainsOnTheAugmentedDatasetAndScoresTheSameTestSplit() throws IOException {
    Path warehouse = dir.resolve("warehouse-pipeline");
    JobOutput result = JobOutput.run(new PipelineJob(), "--data", data.toString(), "--out", warehouse.toString(),
        "--augment", "1", "--epochs", "1");

    assertThat(result.exitCode()).as("exit status; stderr: %s", result.err()).isZero();
    assertThat(result.out()).contains("Report:  ").contains("Test accuracy: ");
    Path run = onlyRun(warehouse);
    JsonNode metrics = Json.mapper().readTree(run.resolve("metrics.json").toFile());
    assertThat(metrics.get("dataset").asText()).isEqualTo("mnist-aug1");
    assertThat(metrics.at("/data/version").asText()).as("the augmented dataset's version trained on")
        .isEqualTo(DatasetFolders.current(warehouse, "mnist-aug1").getFileName().toString());
    assertThat(metrics.at("/data/augmentation/copies").asInt()).isEqualTo(1);
    assertThat(metrics.at("/test/examples").asLong()).as("the test split, never augmented").isEqualTo(TEST);
    assertThat(metrics.at("/secondsByStage/augment").asDouble()).isPositive();
    JsonNode training = Json.mapper().readTree(run.resolve("training.json").toFile());
    assertThat(training.get("trainExamples").asLong()).as("the originals and one copy each").isEqualTo(2 * TRAIN);
    assertThat(metrics.at("/test/accuracy").asDouble()).as("test accuracy").isGreaterThan(0.9);
  }

  private static Path onlyRun(Path warehouse) throws IOException {
    try (Stream<Path> runs = Files.list(warehouse.resolve("runs"))) {
      List<Path> all = runs.toList();
      assertThat(all).hasSize(1);
      return all.get(0);
    }
  }
}
