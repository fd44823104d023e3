package io.sparkdigits.common.metrics;

import io.sparkdigits.common.model.NetworkSpec;
import io.sparkdigits.common.model.TrainingSpec;
import java.util.List;

/** What a training run did: with what configuration, on what data, each epoch, and how long it took. */
public record TrainingRecord(
    String runId,
    String dataset,
    NetworkSpec network,
    TrainingSpec training,
    int workers,
    long trainExamples,
    List<EpochRecord> epochs,
    double seconds) {}
