package io.sparkdigits.core.metrics;

import java.util.List;

/**
 * The evaluation stage's result: which split was scored, the scores, the first of the images the
 * model got wrong (by index in the split, with their pixels), and how long it took.
 */
public record EvaluationRecord(String runId, String split, EvaluationReport report,
    List<MisclassifiedDigit> misclassified, double seconds) {
  /** How many misclassified images an evaluation keeps: the report shows them in a grid. */
  public static final int MISCLASSIFIED_KEPT = 36;
}
