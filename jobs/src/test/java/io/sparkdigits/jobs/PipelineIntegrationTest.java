package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdigits.core.idx.IdxInput;
import io.sparkdigits.core.json.Json;
import io.sparkdigits.core.testing.DatasetFolders;
import io.sparkdigits.core.testing.IdxDataSets;
import io.sparkdigits.core.testing.IdxFiles;
import io.sparkdigits.core.testing.MnistFiles;
import io.sparkdigits.spark.testing.SparkTestBase;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * The whole pipeline from its command line, in Spark local mode, on a subset of the real MNIST
 * (or, where the files are not on the machine, on synthetic digits of the same shape).
 */
class PipelineIntegrationTest extends SparkTestBase {
  private static final int TRAIN = 12_000;
  private static final int TEST = 2_000;
  @TempDir static Path dir;
  private static Path data;
  private static boolean realMnist;

  @BeforeAll
  static void writeInput() throws IOException {
    data = dir.resolve("input");
    realMnist = MnistFiles.folder().isPresent();
    if (realMnist) {
      MnistFiles.writeSubset(MnistFiles.folder().get(), "train", TRAIN, data);
      MnistFiles.writeSubset(MnistFiles.folder().get(), "t10k", TEST, data);
    } else {
      new SyntheticDigits(TRAIN, 28, 28, 10, 1).writeMnistFiles(data, "train", true);
      new SyntheticDigits(TEST, 28, 28, 10, 2).writeMnistFiles(data, "t10k", false);
    }
  }

  @Test
  void pipelinePublishesAModelThatReproducesItsMetrics() throws IOException {
    Path warehouse = dir.resolve("warehouse");
    // the test split's curve too, so that the evaluation can take the last epoch's test pass over
    long start = System.nanoTime();
    JobOutput result = JobOutput.run(new PipelineJob(), "--data", data.toString(), "--out", warehouse.toString(),
        "--score-test-each-epoch");
    double jobSeconds = (System.nanoTime() - start) / 1e9;
    assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();

    Path run = onlyRun(warehouse);
    assertThat(run.resolve("model.zip")).isRegularFile();
    assertThat(run.resolve("confusion-matrix.csv")).isRegularFile();
    JsonNode metrics = Json.mapper().readTree(run.resolve("metrics.json").toFile());
    double accuracy = metrics.at("/test/accuracy").asDouble();
    assertThat(accuracy).as("test accuracy").isGreaterThan(realMnist ? 0.88 : 0.97);
    assertThat(metrics.at("/test/examples").asLong()).isEqualTo(TEST);
    assertThat(metrics.at("/epochs")).hasSize(3);
    assertThat(metrics.at("/network/layers").toString()).isEqualTo("[784,128,10]");
    assertThat(metrics.at("/data/splits/0/images/sha256").asText()).hasSize(64);
    assertThat(metrics.at("/data/version").asText()).as("the dataset version trained on")
        .isEqualTo(DatasetFolders.current(warehouse, "mnist").getFileName().toString());
    assertTimings(metrics, jobSeconds);
    assertThat(metrics.at("/versions/spark").asText()).startsWith("3.5");
    assertThat(result.out()).contains("Test accuracy: ").contains(run.toString());
    assertFirstRunDecided(warehouse, run.getFileName().toString(), accuracy, result);

    long confusionTotal = Files.readAllLines(run.resolve("confusion-matrix.csv")).stream().skip(1)
        .flatMap(line -> Stream.of(line.split(",")).skip(1)).mapToLong(Long::parseLong).sum();
    assertThat(confusionTotal).isEqualTo(TEST);

    // plain DL4J, no Spark and no project code, loads the model and scores the same test images
    MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(run.resolve("model.zip").toFile());
    org.nd4j.linalg.dataset.DataSet testSet = testSet();
    Evaluation evaluation = new Evaluation(10);
    evaluation.eval(testSet.getLabels(), model.output(testSet.getFeatures()));
    assertThat(evaluation.accuracy()).as("accuracy of the reloaded model").isEqualTo(accuracy);

    assertThat(listOrEmpty(warehouse.resolve("_staging"))).as("nothing left in staging").isEmpty();
    assertThat(listOrEmpty(warehouse.resolve("_tmp"))).as("no scratch files left").isEmpty();
    assertReport(run, accuracy);
    JsonNode lastEpoch = metrics.at("/epochs/2");
    assertThat(lastEpoch.get("validationAccuracy").asDouble()).as("the validation split's curve, set aside at ingest")
        .isGreaterThan(0.5);
    assertThat(metrics.at("/data/splits").findValuesAsText("split")).containsExactly("train", "validation", "test");
    assertThat(metrics.at("/test/loss").asDouble()).as("the evaluation is the last epoch's test pass")
        .isEqualTo(lastEpoch.get("testLoss").asDouble());
    assertThat(run.resolve("final-test-pass.json")).as("taken over by the evaluation").doesNotExist();
  }

  /**
   * The stages' seconds are the pipeline's stages, each taking time, together within the job's
   * time; the epochs' within the training's, each with the rate at which it fitted the training split.
   */
  private static void assertTimings(JsonNode metrics, double jobSeconds) {
    JsonNode stages = metrics.at("/secondsByStage");
    assertThat(stages.fieldNames()).toIterable().as("stages timed").containsExactly("ingest", "train", "evaluate");
    double stagesSeconds = 0;
    for (JsonNode seconds : stages) {
      assertThat(seconds.asDouble()).as("seconds of a stage").isPositive();
      stagesSeconds += seconds.asDouble();
    }
    assertThat(stagesSeconds).as("the stages' seconds, within the job's").isLessThan(jobSeconds);
    double epochsSeconds = 0;
    long trainExamples = metrics.at("/data/splits/0/count").asLong();
    for (JsonNode epoch : metrics.at("/epochs")) {
      double seconds = epoch.get("seconds").asDouble();
      assertThat(seconds).as("seconds of epoch %d", epoch.get("epoch").asInt()).isPositive();
      assertThat(epoch.get("examplesPerSecond").asDouble() * seconds).as("examples fitted in epoch %d",
          epoch.get("epoch").asInt()).isCloseTo(trainExamples, within(1e-6 * trainExamples));
      epochsSeconds += seconds;
    }
    assertThat(epochsSeconds).as("the epochs' seconds, within the training's")
        .isLessThan(stages.get("train").asDouble());
  }

  /**
   * Run {@code runId}, the first published in model digits of {@code warehouse}, was judged by the
   * registry's rule for a first run, the floor (conf/pipeline.properties: 0.9): the decision is
   * recorded, said by the job, and the run is the champion that {@code models champion} (and the
   * server) finds when it reached the floor.
   */
  private static void assertFirstRunDecided(Path warehouse, String runId, double accuracy, JobOutput job)
      throws IOException {
    boolean promoted = accuracy >= 0.9;
    String reason = String.format("first run: test accuracy %.4f %s the floor 0.9000", accuracy,
        promoted ? "reaches" : "is below");
    JsonNode decision = Json.mapper().readTree(warehouse.resolve("models/digits/decisions/" + runId + ".json")
        .toFile());
    assertThat(decision.get("outcome").asText()).isEqualTo(promoted ? "PROMOTED" : "KEPT_CHAMPION");
    assertThat(decision.get("reason").asText()).isEqualTo(reason);
    assertThat(decision.get("championBefore").isNull()).isTrue();
    assertThat(job.out()).contains((promoted ? "PROMOTED" : "KEPT_CHAMPION") + ": run " + runId
        + " of model digits: " + reason);
    JobOutput champion = JobOutput.run(new ModelsJob(), "champion", "--out", warehouse.toString());
    assertThat(champion.exitCode()).as(champion.err()).isEqualTo(promoted ? 0 : 1);
    if (promoted) {
      assertThat(champion.out().strip()).isEqualTo("file:" + warehouse.resolve("models/digits/runs/" + runId));
    }
  }

  /**
   * The report's pictures are PNGs of the sizes the report draws them at, and its page shows them and the accuracy.
   * The grid of misclassified digits has a row for every six that the evaluation recorded, with
   * their own pixels; with none, there is no grid and the page says so.
   */
  private static void assertReport(Path run, double accuracy) throws IOException {
    Path report = run.resolve("report");
    String page = Files.readString(report.resolve("index.html"));
    Map<String, Dimension> charts = Map.of("accuracy.png", new Dimension(640, 400), "loss.png",
        new Dimension(640, 400), "confusion-matrix.png", new Dimension(600, 560));
    for (String picture : charts.keySet()) {
      BufferedImage image = ImageIO.read(report.resolve(picture).toFile());
      assertThat(image).as("%s decodes", picture).isNotNull();
      assertThat(new Dimension(image.getWidth(), image.getHeight())).as("%s size", picture)
          .isEqualTo(charts.get(picture));
      assertThat(Files.size(report.resolve(picture))).as("%s bytes", picture).isBetween(5_000L, 500_000L);
      assertThat(page).as("index.html shows %s", picture).contains("<img src=\"" + picture + "\"");
    }
    assertThat(page).contains(String.format("%.2f%%", 100 * accuracy));

    JsonNode misclassified = Json.mapper().readTree(run.resolve("evaluation.json").toFile()).at("/misclassified");
    long wrong = Math.round((1 - accuracy) * TEST);
    assertThat(misclassified.size()).as("misclassified digits recorded").isEqualTo((int) Math.min(36, wrong));
    Path grid = report.resolve("misclassified.png");
    if (misclassified.isEmpty()) {
      assertThat(grid).as("no grid of no digits").doesNotExist();
      assertThat(page).doesNotContain("misclassified.png")
          .contains(String.format("The model gets every one of the %,d test images right", TEST));
      return;
    }
    int rows = (misclassified.size() + 5) / 6;
    BufferedImage image = ImageIO.read(grid.toFile());
    // six cells to a row, each a digit 3 times its size (84 pixels) under two lines of caption
    // (30 pixels), 110 pixels wide for the captions, with margins of 12 pixels
    assertThat(image.getWidth()).as("grid width").isEqualTo(12 + 6 * (110 + 12));
    assertThat(image.getHeight()).as("grid height for %d rows of digits", rows).isEqualTo(12 + rows * (84 + 12 + 30));
    assertThat(page).contains("<img src=\"misclassified.png\"");
    for (JsonNode digit : misclassified) {
      byte[] pixels = digit.get("pixels").binaryValue();
      int index = digit.get("index").asInt();
      assertThat(pixels).as("pixels of test image %d", index).isEqualTo(testImage(index));
    }
  }

  @Test
  void standaloneJobsShareTheDatasetAndDeeperNetworksNeedOnlyConfiguration() throws IOException {
    Path warehouse = dir.resolve("warehouse-jobs");
    String out = warehouse.toString();
    assertThat(JobOutput.run(new IngestJob(), "--data", data.toString(), "--out", out).exitCode()).isZero();
    Path manifest = DatasetFolders.current(warehouse, "mnist").resolve("_manifest.json");
    long ingestedAt = Files.getLastModifiedTime(manifest).toMillis();

    JobOutput again = JobOutput.run(new IngestJob(), "--data", data.toString(), "--out", out);
    assertThat(again.out()).contains("nothing was rewritten");
    assertThat(DatasetFolders.versionLog(warehouse, "mnist")).as("no new version").hasSize(1);
    assertThat(Files.getLastModifiedTime(manifest).toMillis()).isEqualTo(ingestedAt);

    String runId = "deeper";
    assertThat(JobOutput.run(new TrainJob(), "--out", out, "--run-id", runId, "--layers", "784-128-64-10",
        "--epochs", "2").exitCode()).isZero();
    assertThat(JobOutput.run(new EvaluateJob(), "--out", out, "--run-id", runId).exitCode()).isZero();
    JobOutput published = JobOutput.run(new PublishJob(), "--out", out, "--run-id", runId);
    assertThat(published.exitCode()).isZero();
    assertFirstRunDecided(warehouse, runId, Json.mapper().readTree(warehouse.resolve(
        "models/digits/runs/deeper/metrics.json").toFile()).at("/test/accuracy").asDouble(), published);

    MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(
        warehouse.resolve("models/digits/runs/deeper/model.zip").toFile());
    assertThat(model.getnLayers()).isEqualTo(3);
    assertThat(model.layerSize(1)).isEqualTo(64);
    JsonNode metrics = Json.mapper().readTree(warehouse.resolve("models/digits/runs/deeper/metrics.json").toFile());
    assertThat(metrics.at("/test/accuracy").asDouble()).isGreaterThan(0.85);

    JobOutput republish = JobOutput.run(new PublishJob(), "--out", out, "--run-id", runId);
    assertThat(republish.exitCode()).as("a published run cannot be published again").isNotZero();
  }

  @Test
  void damagedInputFailsWithTheFileNamedAndWritesNothing() throws IOException {
    Path damaged = dir.resolve("damaged");
    Files.createDirectories(damaged);
    Path labelsFile = null;
    for (Path file : listOrEmpty(data)) {
      Path copy = Files.copy(file, damaged.resolve(file.getFileName()));
      if (file.getFileName().toString().startsWith("t10k-labels")) {
        labelsFile = copy;
      }
    }
    byte[] labels = Files.readAllBytes(labelsFile);
    IdxFiles.write(labelsFile, java.util.Arrays.copyOf(labels, labels.length / 2));
    Path warehouse = dir.resolve("warehouse-damaged");

    JobOutput result = JobOutput.run(new PipelineJob(), "--data", damaged.toString(), "--out", warehouse.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().strip()).doesNotContain("\n").contains(labelsFile.toString());
    assertThat(warehouse.resolve("datasets/mnist")).doesNotExist();
    assertThat(listOrEmpty(warehouse.resolve("models/digits/runs"))).isEmpty();
  }

  private static org.nd4j.linalg.dataset.DataSet testSet() throws IOException {
    return IdxDataSets.readAll(testFile("images"), testFile("labels"), 10);
  }

  /** Test image {@code index} as its IDX file holds it. */
  private static byte[] testImage(int index) throws IOException {
    org.apache.hadoop.fs.Path images = testFile("images");
    try (IdxInput input = IdxInput.open(images.getFileSystem(new Configuration()), images)) {
      byte[] image = new byte[Math.toIntExact(input.header().itemBytes())];
      input.skipTo(index);
      input.readItem(image);
      return image;
    }
  }

  private static org.apache.hadoop.fs.Path testFile(String kind) {
    String suffix = realMnist ? ".gz" : "";
    String name = "t10k-" + kind + (kind.equals("images") ? "-idx3-ubyte" : "-idx1-ubyte") + suffix;
    return new org.apache.hadoop.fs.Path(data.resolve(name).toUri());
  }

  private static Path onlyRun(Path warehouse) throws IOException {
    List<Path> runs = listOrEmpty(warehouse.resolve("models/digits/runs"));
    assertThat(runs).hasSize(1);
    return runs.get(0);
  }

  private static List<Path> listOrEmpty(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    }
  }
}
