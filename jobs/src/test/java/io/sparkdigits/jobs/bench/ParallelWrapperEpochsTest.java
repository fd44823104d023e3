package io.sparkdigits.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * What ParallelWrapper, as the benchmark runs it, does with an epoch's minibatches: which of them
 * it loses. Its parameters are not asserted: DL4J 1.0.0-M2.1 copies the network for a worker when
 * the worker's thread starts, racing with worker 0's first fit, so they differ from run to run.
 */
class ParallelWrapperEpochsTest {
  @Test
  void averagingAfterTheLastFullRoundLosesNothingWithTwoWorkers() {
    assertThat(ParallelWrapperEpochs.lostMinibatches(938, 2, 469)).as("MNIST at batch 64: 469 full rounds").isZero();
    assertThat(ParallelWrapperEpochs.lostMinibatches(1875, 2, 937))
        .as("batch 32: the last minibatch goes to worker 0 alone, whose model is the network").isZero();
  }

  @Test
  void aLastPartialRoundLosesTheMinibatchesOfWorkersOtherThanTheFirst() {
    assertThat(ParallelWrapperEpochs.lostMinibatches(11, 3, 3))
        .as("3 full rounds averaged, then workers 0 and 1 fit one each: worker 1's is lost").isEqualTo(1);
  }

  @Test
  void anAveragingInAPartialRoundLeavesOutTheWorkersWithoutAMinibatch() {
    assertThat(ParallelWrapperEpochs.lostMinibatches(9, 2, 5))
        .as("round 5 has worker 0 alone: worker 1's 4 minibatches never reach the network").isEqualTo(4);
  }

  @Test
  void roundsAfterTheLastAveragingAreLostForTheOtherWorkers() {
    assertThat(ParallelWrapperEpochs.lostMinibatches(938, 2, 10))
        .as("469 rounds averaged every 10: worker 1's last 9 are lost").isEqualTo(9);
    assertThat(ParallelWrapperEpochs.lostMinibatches(938, 4, 10))
        .as("235 rounds, the last with 2 minibatches: workers 1-3 lose rounds 231-235").isEqualTo(5 + 4 + 4);
  }

  @Test
  void oneWorkerIsRefusedWithTheWayOut() {
    assertThatThrownBy(() -> new ParallelWrapperEpochs(1, 0, 938))
        .hasMessageContaining("at least 2 workers").hasMessageContaining("--workers");
  }
}
