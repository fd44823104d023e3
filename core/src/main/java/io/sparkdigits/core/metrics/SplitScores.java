package io.sparkdigits.core.metrics;

import java.util.List;

/**
 * One pass of a model over a labelled split: its scores, and the first of the images it got wrong
 * (by index in the split), as many as were asked for.
 */
public record SplitScores(EvaluationReport report, List<MisclassifiedDigit> misclassified) {}
