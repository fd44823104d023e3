package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.spark.dataset.DigitsDataset;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.metrics.TrainingRecord;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.model.Updater;
import io.sparkdigits.spark.pipeline.TrainStage;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.spark.testing.SparkTestBase;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

/**
 * Training on the version of a dataset that retrain and sweep opened when they started, not the
 * one current when the training begins: a candidate or a challenger is then scored and compared on
 * the data it was trained on, whatever was ingested meanwhile.
 */
class DatasetVersionPinningTest extends SparkTestBase {
  private static final Pattern VERSION = Pattern.compile("\\(version (\\S+)\\)");

  @TempDir Path dir;

  /** Ingests {@code trainImages} synthetic 12x12 images as a new version of dataset 'mnist'; returns the version. */
  private String ingest(String warehouse, int trainImages, long seed) {
    Path data = dir.resolve("data-" + seed);
    new SyntheticDigits(trainImages, 12, 12, 10, seed).writeMnistFiles(data, "train", true);
    new SyntheticDigits(200, 12, 12, 10, seed + 1).writeMnistFiles(data, "t10k", true);
    JobOutput ingest = JobOutput.run(new IngestJob(), "--data", data.toString(), "--out", warehouse);
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    Matcher version = VERSION.matcher(ingest.out());
    assertThat(version.find()).as(ingest.out()).isTrue();
    return version.group(1);
  }

  private static long trainExamples(SparkSession spark, StorageLayout layout, String version) throws IOException {
    return DigitsDataset.open(spark, layout, "mnist", version).manifest().requireSplit(DatasetManifest.TRAIN).count();
  }

  @Test
  void trainingReadsTheVersionItIsGivenNotTheCurrentOne() {
    String warehouse = dir.resolve("warehouse").toString();
    String first = ingest(warehouse, 1_000, 31);
    String second = ingest(warehouse, 600, 41);
    assertThat(second).isNotEqualTo(first);

    check(spark -> {
      StorageLayout layout = StorageLayout.at(warehouse, spark.sparkContext().hadoopConfiguration());
      NetworkSpec network = new NetworkSpec(List.of(144, 8, 10), Activation.RELU, Updater.ADAM, 0.01, 1, 7);
      TrainingSpec training = new TrainingSpec(1, 16, 0, 2, 0);

      TrainingRecord pinned = new TrainStage(spark, layout)
          .run(StorageLayout.newId(), "mnist", first, network, training, false);
      TrainingRecord current = new TrainStage(spark, layout)
          .run(StorageLayout.newId(), "mnist", null, network, training, false);

      assertThat(pinned.datasetVersion()).isEqualTo(first);
      assertThat(pinned.trainExamples()).as("the first version's training split")
          .isEqualTo(trainExamples(spark, layout, first)).isGreaterThan(800);
      assertThat(current.datasetVersion()).isEqualTo(second);
      assertThat(current.trainExamples()).isEqualTo(trainExamples(spark, layout, second)).isLessThan(600);
    });
  }
}
