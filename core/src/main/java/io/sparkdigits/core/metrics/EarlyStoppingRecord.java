package io.sparkdigits.core.metrics;

/**
 * What early stopping did: its patience, the epoch of lowest validation loss, whose network is the
 * model, that loss, whether training stopped before its planned epochs, and after which epoch.
 */
public record EarlyStoppingRecord(int patience, int bestEpoch, double bestValidationLoss, boolean stoppedEarly,
    int lastEpoch) {}
