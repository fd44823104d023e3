package io.sparkdigits.core.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import java.util.List;

/**
 * What a training run did: with what configuration, on what data (the dataset and the version of
 * it that it read: evaluation and publication read the same), in how many averaging rounds per
 * epoch, each epoch, how long the whole stage took, and with early stopping which epoch's network
 * is the model (null without it).
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
    double seconds,
    @JsonInclude(JsonInclude.Include.NON_NULL) EarlyStoppingRecord earlyStopping) {

  /** The epoch whose network is the model: the best one with early stopping, the last one without. */
  public EpochRecord modelEpoch() {
    int epoch = earlyStopping != null ? earlyStopping.bestEpoch() : epochs.get(epochs.size() - 1).epoch();
    return epochs.stream().filter(e -> e.epoch() == epoch).findFirst().orElseThrow();
  }
}
