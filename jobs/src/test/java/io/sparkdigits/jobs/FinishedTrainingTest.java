package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.metrics.TrainingRecord;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.model.Updater;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.core.testing.SyntheticDigits;
import io.sparkdigits.spark.pipeline.TrainStage;
import io.sparkdigits.spark.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

/**
 * A run started again with the id of a staged run that had finished training (interrupted before
 * its evaluation or its publication) goes on from the trained model, as from a checkpoint, for
 * every job's plan; a staged run trained otherwise is refused, never trained over.
 */
class FinishedTrainingTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void aFinishedRunIsNotTrainedAgainAndOtherTrainingIsRefused() throws Exception {
    Path data = dir.resolve("data");
    new SyntheticDigits(600, 12, 12, 10, 5).writeMnistFiles(data, "train", true);
    new SyntheticDigits(200, 12, 12, 10, 6).writeMnistFiles(data, "t10k", true);
    String warehouse = dir.resolve("warehouse").toString();
    JobOutput ingest = JobOutput.run(new IngestJob(), "--data", data.toString(), "--out", warehouse);
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();

    check(spark -> {
      StorageLayout layout = StorageLayout.at(warehouse, spark.sparkContext().hadoopConfiguration());
      NetworkSpec network = new NetworkSpec(List.of(144, 8, 10), Activation.RELU, Updater.ADAM, 0.01, 1, 7);
      TrainingSpec training = new TrainingSpec(1, 16, 0, 2, 0);
      String runId = StorageLayout.newId();
      TrainingRecord first = new TrainStage(spark, layout).run(runId, "mnist", null, network, training, false);
      Path model = Path.of(layout.staging(runId).toUri()).resolve(StorageLayout.MODEL_FILE);
      byte[] trained = Files.readAllBytes(model);

      TrainingRecord again = new TrainStage(spark, layout).run(runId, "mnist", null, network, training, false);
      assertThat(again).as("the record of the training that had finished, seconds included").isEqualTo(first);
      assertThat(Files.readAllBytes(model)).as("the staged model, untouched").isEqualTo(trained);

      TrainingSpec longer = new TrainingSpec(2, 16, 0, 2, 0);
      assertThatThrownBy(() -> new TrainStage(spark, layout).run(runId, "mnist", null, network, longer, false))
          .isInstanceOf(UsageException.class)
          .hasMessageStartingWith("run " + runId + " was trained already, on other training (")
          .hasMessageEndingWith("): give a new run id");
      assertThat(Files.readAllBytes(model)).as("the staged model after the refusal").isEqualTo(trained);
    });
  }
}
