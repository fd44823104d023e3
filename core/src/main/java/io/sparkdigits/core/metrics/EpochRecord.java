package io.sparkdigits.core.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One epoch of training: its wall time and throughput, and the model's loss and accuracy at its
 * end on a sample of the training split, on the validation split and, when it was scored after
 * every epoch, on the test split. A split not scored has null scores: the validation split's of a
 * dataset without one, the test split's when it was scored once, after training (the records of
 * earlier releases have test scores and no validation ones).
 */
public record EpochRecord(
    int epoch,
    double seconds,
    double examplesPerSecond,
    double trainLoss,
    double trainAccuracy,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double validationLoss,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double validationAccuracy,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double testLoss,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double testAccuracy) {

  /** Whether the validation split was scored after this epoch. */
  public boolean validated() {
    return validationLoss != null;
  }

  /** Whether the test split was scored after this epoch. */
  public boolean tested() {
    return testLoss != null;
  }
}
