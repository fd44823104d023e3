package io.sparkdigits.common.metrics;

import java.util.List;

/**
 * The evaluation stage's result: which split was scored, the scores, the first of the images the
 * model got wrong (in the split's order), and how long it took.
 */
public record EvaluationRecord(String runId, String split, EvaluationReport report,
    List<MisclassifiedDigit> misclassified, double seconds) {}
