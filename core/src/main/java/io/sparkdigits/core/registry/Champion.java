package io.sparkdigits.core.registry;

/**
 * The champion as one read of the pointer log found it: the newest promotion and its number there,
 * which a promotion replacing it must follow.
 */
public record Champion(long number, Promotion promotion) {
  public String runId() {
    return promotion.runId();
  }
}
