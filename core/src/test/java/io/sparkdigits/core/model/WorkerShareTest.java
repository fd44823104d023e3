package io.sparkdigits.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerShareTest {
  @Test
  void sharesAreTheQuotientRoundedDownAndUp() {
    assertThat(WorkerShare.smallest(1000, 3)).isEqualTo(333);
    assertThat(WorkerShare.largest(1000, 3)).isEqualTo(334);
    assertThat(WorkerShare.smallest(60_000, 2)).isEqualTo(30_000);
    assertThat(WorkerShare.largest(60_000, 2)).as("an even split").isEqualTo(30_000);
    assertThat(WorkerShare.smallest(9, 10)).as("a worker left with nothing").isZero();
  }

  @Test
  void aShareIsCutIntoPiecesOfAtMostTheGivenSizeTheLastOnePartial() {
    assertThat(WorkerShare.pieces(30_000, 64)).isEqualTo(469);
    assertThat(WorkerShare.pieces(30_000, 10_000)).isEqualTo(3);
    assertThat(WorkerShare.pieces(1, 256)).isEqualTo(1);
  }

  @Test
  void roundsPerEpochKeepEachWorkersShareOfARoundWithinTheAveragingFrequency() {
    assertThat(new TrainingSpec(1, 64, 0, 0).roundsPerEpoch(60_000, 2)).as("10,000 examples a round")
        .isEqualTo(3);
    assertThat(new TrainingSpec(1, 64, 5, 0).roundsPerEpoch(60_000, 2)).as("5 minibatches of 64 a round")
        .isEqualTo(94);
    assertThat(new TrainingSpec(1, 1, 1, 0).roundsPerEpoch(9, 2)).as("never a round without an example for a worker")
        .isEqualTo(4);
  }
}
