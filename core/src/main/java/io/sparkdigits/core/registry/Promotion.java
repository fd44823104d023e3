package io.sparkdigits.core.registry;

/**
 * An entry of the champion pointer log: which run became the champion, when, with what test
 * accuracy, and why (a retraining decision, or a rollback); and which run's promotion it replaced,
 * the entry before it ({@code replacesRunId} null for the first, and in entries written before
 * promotions named what they replaced). Its own number is its file's.
 */
public record Promotion(String runId, String promotedAt, double testAccuracy, String reason, String replacesRunId) {}
