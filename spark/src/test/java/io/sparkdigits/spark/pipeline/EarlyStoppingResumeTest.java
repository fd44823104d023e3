package io.sparkdigits.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.core.metrics.EarlyStoppingRecord;
import io.sparkdigits.core.metrics.EpochRecord;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.model.Updater;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

/**
 * Early stopping across an interruption: the best epoch's network travels in every checkpoint, so
 * a training continued from one keeps the best of all its epochs, not of those after the restart.
 */
class EarlyStoppingResumeTest {
  private static final NetworkSpec NETWORK = new NetworkSpec(List.of(4, 3, 2), Activation.RELU, Updater.ADAM, 0.01,
      1, 1);
  private static final TrainingSpec TRAINING = new TrainingSpec(10, 8, 0, 1, 2);

  @TempDir Path dir;

  /** A network of its own parameters, standing for the one after an epoch. */
  private static MultiLayerNetwork network(long seed) {
    MultiLayerNetwork network = new MultiLayerNetwork(new NetworkSpec(List.of(4, 3, 2), Activation.RELU,
        Updater.ADAM, 0.01, 1, seed).toConfiguration());
    network.init();
    return network;
  }

  private static EpochRecord epoch(int epoch, double validationLoss) {
    return new EpochRecord(epoch, 1, 100, 0.5, 0.8, validationLoss, 0.9, null, null);
  }

  @Test
  void theBestEpochSurvivesAResumeAndEndsTheTrainingAfterThePatience() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    TrainingCheckpoints checkpoints = new TrainingCheckpoints(fs, new org.apache.hadoop.fs.Path(dir.toUri()));
    EarlyStopping stopping = new EarlyStopping(TRAINING.earlyStoppingPatience(), List.of(), null);
    List<EpochRecord> epochs = new ArrayList<>();
    MultiLayerNetwork second = network(2);
    double[] losses = {0.9, 0.7, 0.8};
    for (int e = 1; e <= losses.length; e++) {
      MultiLayerNetwork after = e == 2 ? second : network(e);
      epochs.add(epoch(e, losses[e - 1]));
      assertThat(stopping.epochDone(epochs.get(e - 1), after)).as("train on after epoch %d", e).isTrue();
      checkpoints.save(after, stopping.best(), new TrainingCheckpoints.State("digits", "v1", NETWORK, TRAINING, epochs));
    }

    // the driver dies after epoch 3's checkpoint; the next run continues from it
    TrainingCheckpoints.Saved saved = checkpoints.latest("digits", "v1", NETWORK, TRAINING).orElseThrow();
    EarlyStopping resumed = new EarlyStopping(TRAINING.earlyStoppingPatience(), saved.state().epochs(), saved.best());
    assertThat(resumed.best().params()).as("the best network so far, epoch 2's, from the checkpoint")
        .isEqualTo(second.params());
    assertThat(resumed.stopped()).isFalse();

    assertThat(resumed.epochDone(epoch(4, 0.75), network(4))).as("epoch 4 is the second without a lower loss")
        .isFalse();
    assertThat(resumed.best().params()).as("the model is epoch 2's").isEqualTo(second.params());
    assertThat(resumed.record(TRAINING.epochs())).isEqualTo(new EarlyStoppingRecord(2, 2, 0.7, true, 4));
  }

  @Test
  void aCheckpointThatAlreadyEndedTheTrainingStopsAtOnce() {
    MultiLayerNetwork best = network(5);
    EarlyStopping stopping = new EarlyStopping(2, List.of(epoch(1, 0.5), epoch(2, 0.6), epoch(3, 0.55)), best);
    assertThat(stopping.stopped()).as("interrupted after the epoch that ended it").isTrue();
    assertThat(stopping.best()).isSameAs(best);
    assertThat(stopping.record(10).stoppedEarly()).isTrue();
  }
}
