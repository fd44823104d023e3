package io.sparkdigits.common.metrics;

/**
 * One epoch of training: its wall time and throughput, the training loss of its last averaging
 * round, and the model's loss and accuracy on the test split at its end.
 */
public record EpochRecord(
    int epoch,
    double seconds,
    double examplesPerSecond,
    double trainLoss,
    double testLoss,
    double testAccuracy) {}
