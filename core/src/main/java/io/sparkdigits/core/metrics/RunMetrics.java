package io.sparkdigits.core.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code metrics.json} of a published run says: the test evaluation, the per-epoch
 * history, how long each stage took, the configuration, the data it was trained on (with the
 * source checksums), the versions of what ran it, and what early stopping did (null without it).
 */
public record RunMetrics(
    String runId,
    String publishedAt,
    EvaluationReport test,
    List<EpochRecord> epochs,
    Map<String, Double> secondsByStage,
    NetworkSpec network,
    TrainingSpec training,
    int workers,
    String dataset,
    DatasetManifest data,
    Map<String, String> versions,
    @JsonInclude(JsonInclude.Include.NON_NULL) EarlyStoppingRecord earlyStopping) {}
