package io.sparkdigits.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.model.TrainingSpec;
import org.junit.jupiter.api.Test;

class WorkersTest {
  private static final long MNIST_TRAIN = 60_000;

  @Test
  void zeroWorkersIsOnePerTaskSlotAndAUsualBatchGivesNoWarning() {
    Workers workers = Workers.decide(new TrainingSpec(3, 64, 0, 0), 2, MNIST_TRAIN);

    assertThat(workers.count()).isEqualTo(2);
    assertThat(workers.warnings()).as("warnings").isEmpty();
  }

  @Test
  void moreWorkersThanTaskSlotsIsWarnedAbout() {
    Workers workers = Workers.decide(new TrainingSpec(3, 64, 0, 64), 2, MNIST_TRAIN);

    assertThat(workers.count()).as("the workers asked for still train").isEqualTo(64);
    assertThat(workers.warnings()).singleElement().asString()
        .startsWith("64 workers on 2 task slots: the workers of every averaging round run 2 at a time")
        .contains("use workers 0 (one per task slot)");
  }

  @Test
  void aBatchLargerThanAWorkersShareIsRefused() {
    assertThatThrownBy(() -> Workers.decide(new TrainingSpec(3, 100_000_000, 0, 0), 2, MNIST_TRAIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch size 100000000 is larger than each worker's share of the training split (60000 examples "
            + "over 2 workers: 30000 each), so no worker would fit one full minibatch; use a batch size of at most "
            + "30000 (32 to 256 is usual)");
    assertThatThrownBy(() -> Workers.decide(new TrainingSpec(3, 64, 0, 10), 2, 9))
        .hasMessageContaining("has 9 examples for 10 workers");
  }

  @Test
  void anEpochOfAHandfulOfMinibatchesPerWorkerIsWarnedAbout() {
    Workers workers = Workers.decide(new TrainingSpec(3, 10_000, 0, 0), 2, MNIST_TRAIN);

    assertThat(workers.warnings()).singleElement().asString()
        .startsWith("each worker fits only 3 minibatches of 10000 per epoch (60000 examples over 2 workers)");
  }
}
