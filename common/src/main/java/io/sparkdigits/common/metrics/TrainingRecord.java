package io.sparkdigits.common.metrics;

import io.sparkdigits.common.model.NetworkSpec;
import io.sparkdigits.common.model.TrainingSpec;
import java.util.List;

/**
 * What a training run did: with what configuration, on what data (the dataset and the version of
 * it that it read: evaluation and publication read the same), in how many averaging rounds per
 * epoch, each epoch, and how long the whole stage took.
 */
public record TrainingRecord(
    String runId,
    String dataset,
    String datasetVersion,
    NetworkSpec network,
    TrainingSpec training,
    int workers,
    long trainExamples,
    int roundsPerEpoch,
    List<EpochRecord> epochs,
    double seconds) {}
