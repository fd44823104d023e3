package io.sparkdigits.common.metrics;

import io.sparkdigits.common.model.NetworkSpec;
import io.sparkdigits.common.model.TrainingSpec;
import java.util.List;

/**
 * What a training run did: with what configuration, on what data (the dataset and the version of
 * it that it read: evaluation and publication read the same), each epoch, how long building
 * and caching the training minibatches took before the first epoch, and how long the whole stage took.
 */
public record TrainingRecord(
    String runId,
    String dataset,
    String datasetVersion,
    NetworkSpec network,
    TrainingSpec training,
    int workers,
    long trainExamples,
    List<EpochRecord> epochs,
    double minibatchSeconds,
    double seconds) {}
