package io.sparkdigits.core.registry;

import io.sparkdigits.core.registry.Decision.Outcome;
import java.time.Instant;
import java.util.Optional;

/**
 * When a run becomes its model's champion: a first run when its test accuracy reaches {@code floor};
 * a later one when it beats the champion's, scored on the same test split, by {@code margin}.
 * Whoever promotes (the pipeline's publish, a retraining, a sweep's winner) decides by this rule.
 */
public record PromotionPolicy(double margin, double floor) {

  /**
   * The decision about run {@code runId}, trained on {@code fingerprints}, of test accuracy {@code
   * challengerAccuracy}, against {@code champion} (empty: the model has none) of {@code
   * championAccuracy} on the same split (NaN without one).
   */
  public Decision decide(String runId, Optional<Champion> champion, double championAccuracy,
      double challengerAccuracy, Fingerprints fingerprints) {
    Outcome outcome;
    String reason;
    if (champion.isEmpty()) {
      outcome = challengerAccuracy >= floor ? Outcome.PROMOTED : Outcome.KEPT_CHAMPION;
      reason = String.format("first run: test accuracy %.4f %s the floor %.4f", challengerAccuracy,
          outcome == Outcome.PROMOTED ? "reaches" : "is below", floor);
    } else {
      outcome = challengerAccuracy >= championAccuracy + margin ? Outcome.PROMOTED : Outcome.KEPT_CHAMPION;
      reason = String.format("test accuracy %.4f against champion %s's %.4f on the same split: %s the margin %.4f",
          challengerAccuracy, champion.get().runId(), championAccuracy,
          outcome == Outcome.PROMOTED ? "beats it by" : "does not beat it by", margin);
    }
    return new Decision(runId, outcome, reason, Instant.now().toString(), champion.map(Champion::runId).orElse(null),
        championAccuracy, challengerAccuracy, margin, fingerprints.data(), fingerprints.configuration());
  }
}
