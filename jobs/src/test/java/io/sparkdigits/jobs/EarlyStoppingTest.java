package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.sparkdigits.spark.dataset.DigitsDataset;
import io.sparkdigits.core.json.Json;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.metrics.EarlyStoppingRecord;
import io.sparkdigits.core.metrics.EpochRecord;
import io.sparkdigits.core.metrics.RunMetrics;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.core.testing.IdxFiles;
import io.sparkdigits.spark.testing.SparkTestBase;
import io.sparkdigits.spark.train.DistributedEvaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping in a real local Spark training that overfits: images of noise with random labels
 * leave nothing to learn but the training images themselves, so the validation loss rises as soon
 * as the network memorises them.
 */
class EarlyStoppingTest extends SparkTestBase {
  private static final int SIDE = 8;
  private static final int PATIENCE = 2;
  private static final int EPOCHS = 12;

  @TempDir Path dir;

  private static void writeNoise(Path folder, String prefix, int count, long seed) {
    Random random = new Random(seed);
    byte[] pixels = new byte[count * SIDE * SIDE];
    byte[] labels = new byte[count];
    random.nextBytes(pixels);
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) random.nextInt(10);
    }
    IdxFiles.write(folder.resolve(prefix + "-images-idx3-ubyte"), IdxFiles.images(count, SIDE, SIDE, pixels));
    IdxFiles.write(folder.resolve(prefix + "-labels-idx1-ubyte"), IdxFiles.labels(labels));
  }

  @Test
  void trainingStopsOnceTheValidationLossRisesAndPublishesTheBestEpoch() throws Exception {
    Path data = dir.resolve("data");
    writeNoise(data, "train", 500, 1);
    writeNoise(data, "t10k", 100, 2);
    String warehouse = dir.resolve("warehouse").toString();

    JobOutput pipeline = JobOutput.run(new PipelineJob(), "--data", data.toString(), "--out", warehouse,
        "--run-id", "overfit", "--validation-fraction", "0.2", "--layers", SIDE * SIDE + "-128-10", "--learning-rate",
        "0.01", "--learning-rate-decay", "1", "--epochs", String.valueOf(EPOCHS), "--early-stopping-patience",
        String.valueOf(PATIENCE), "--batch-size", "16", "--workers", "1");
    assertThat(pipeline.exitCode()).as("%s%s", pipeline.out(), pipeline.err()).isZero();

    Path run = Path.of(warehouse, "models", "digits", "runs", "overfit");
    RunMetrics metrics = Json.mapper().readValue(run.resolve("metrics.json").toFile(), RunMetrics.class);
    EarlyStoppingRecord stopping = metrics.earlyStopping();
    EpochRecord best = metrics.epochs().stream().min(Comparator.comparing(EpochRecord::validationLoss)).orElseThrow();
    assertThat(stopping.bestEpoch()).as("the epoch of lowest validation loss, of %s", metrics.epochs())
        .isEqualTo(best.epoch());
    assertThat(stopping.stoppedEarly()).as("stopped before its %d epochs: %s", EPOCHS, metrics.epochs()).isTrue();
    assertThat(metrics.epochs()).as("epochs trained: the best and the patience after it")
        .hasSize(best.epoch() + PATIENCE);
    assertThat(metrics.epochs()).as("the test split is not scored after every epoch")
        .allMatch(epoch -> epoch.validated() && !epoch.tested());
    assertThat(pipeline.out()).contains("Early stopping: the model is epoch " + best.epoch() + "'s");

    // the published model is the best epoch's: its validation loss, scored again, is that epoch's
    MultiLayerNetwork published = ModelFiles.read(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(run.resolve("model.zip").toUri()));
    check(spark -> {
      DigitsDataset dataset = DigitsDataset.open(spark, StorageLayout.at(warehouse, new Configuration()), "mnist");
      try (DistributedEvaluator evaluator = new DistributedEvaluator(
          JavaSparkContext.fromSparkContext(spark.sparkContext()), published)) {
        double loss = evaluator.score(dataset.minibatches(DatasetManifest.VALIDATION, 256, 2), 0).report().loss();
        assertThat(loss).as("the published model's validation loss").isCloseTo(best.validationLoss(), offset(1e-5));
        assertThat(loss).as("not the last epoch's").isLessThan(metrics.epochs().get(metrics.epochs().size() - 1)
            .validationLoss());
      }
    });
    String page = Files.readString(run.resolve("report/index.html"));
    assertThat(page).contains("validation accuracy").contains("the model is epoch " + best.epoch() + "'s");
  }

  @Test
  void earlyStoppingWithoutAValidationSplitIsRefusedBeforeSparkStarts() {
    Path data = dir.resolve("data");
    writeNoise(data, "train", 50, 3);
    writeNoise(data, "t10k", 10, 4);
    JobOutput pipeline = JobOutput.run(new PipelineJob(), "--data", data.toString(), "--out",
        dir.resolve("warehouse").toString(), "--validation-fraction", "0", "--layers", SIDE * SIDE + "-10",
        "--early-stopping-patience", "2");
    assertThat(pipeline.exitCode()).isEqualTo(2);
    assertThat(pipeline.err()).isEqualTo("pipeline: --early-stopping-patience needs a validation split: give "
        + "--validation-fraction above 0 (see --help)" + System.lineSeparator());
  }
}
