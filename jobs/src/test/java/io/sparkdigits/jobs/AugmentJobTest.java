package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdigits.core.json.Json;
import io.sparkdigits.core.testing.DatasetFolders;
import io.sparkdigits.spark.testing.SparkTestBase;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The augment job, alone and as the pipeline's step, from their command lines in Spark local mode, on tiny data. */
class AugmentJobTest extends SparkTestBase {
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
    int validation = splitCount(DatasetFolders.current(warehouse, "mnist"), "validation");
    assertThat(validation).as("ingest's default validation split").isPositive();
    assertThat(result.out()).as("validation images are copied as they are, never deformed into training")
        .contains(String.format("train     %,d images of 28x28", 3 * (TRAIN - validation)))
        .contains(String.format("validation       %,d images of 28x28", validation))
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
  void aShiftBeyondTheDatasetsImagesIsRefusedInOneLineAndNothingIsWritten() {
    Path warehouse = dir.resolve("warehouse-bounds");
    String out = warehouse.toString();
    assertThat(JobOutput.run(new IngestJob(), "--data", data.toString(), "--out", out).exitCode()).isZero();

    JobOutput result = JobOutput.run(new AugmentJob(), "--out", out, "--copies", "2", "--max-shift", "1000");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip()).isEqualTo("augment: --max-shift 1000 would shift the 28x28 images of dataset "
        + "'mnist' out of themselves: at most 14 pixels, half the image's smaller side (see --help)");
    assertThat(warehouse.resolve("datasets").resolve("mnist-aug2")).doesNotExist();
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
    int validation = splitCount(DatasetFolders.current(warehouse, "mnist"), "validation");
    assertThat(training.get("trainExamples").asLong()).as("the originals and one copy each of the training images")
        .isEqualTo(2L * (TRAIN - validation));
    assertThat(metrics.at("/test/accuracy").asDouble()).as("test accuracy").isGreaterThan(0.9);
  }

  /** The images of split {@code split} that the manifest of dataset version {@code version} counts. */
  private static int splitCount(Path version, String split) throws IOException {
    for (JsonNode summary : Json.mapper().readTree(version.resolve("_manifest.json").toFile()).get("splits")) {
      if (summary.get("split").asText().equals(split)) {
        return summary.get("count").asInt();
      }
    }
    throw new AssertionError("version " + version + " has no " + split + " split");
  }

  private static Path onlyRun(Path warehouse) throws IOException {
    try (Stream<Path> runs = Files.list(warehouse.resolve("models/digits/runs"))) {
      List<Path> all = runs.toList();
      assertThat(all).hasSize(1);
      return all.get(0);
    }
  }
}
