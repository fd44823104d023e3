package io.sparkdigits.common.metrics;

/** The evaluation stage's result: which split was scored, the scores, and how long it took. */
public record EvaluationRecord(String runId, String split, EvaluationReport report, double seconds) {}
