package io.sparkdigits.common.registry;

/**
 * An entry of the champion pointer log: which run became the champion, when, with what test
 * accuracy, and why (a retraining decision, or a rollback).
 */
public record Promotion(String runId, String promotedAt, double testAccuracy, String reason) {}
