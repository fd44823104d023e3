package io.sparkdigits.common.metrics;

/**
 * One epoch of training: its wall time and throughput, and the model's loss and accuracy on the
 * training split and on the test split at its end.
 */
public record EpochRecord(
    int epoch,
    double seconds,
    double examplesPerSecond,
    double trainLoss,
    double trainAccuracy,
    double testLoss,
    double testAccuracy) {}
