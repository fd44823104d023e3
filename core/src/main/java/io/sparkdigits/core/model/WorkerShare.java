package io.sparkdigits.core.model;

/**
 * A worker's share: examples dealt to workers (or to the rounds of an epoch) as evenly as they go,
 * so that every share holds examples / workers rounded down or rounded up. The one rule for its
 * size, which the choice of workers ({@code train.Workers}), the rounds of an epoch ({@link
 * TrainingSpec#roundsPerEpoch}) and the dealing of an epoch ({@code train.EpochOrder}) all use.
 */
public final class WorkerShare {
  private WorkerShare() {}

  /** The fewest examples any of {@code workers} gets of {@code examples}. */
  public static long smallest(long examples, long workers) {
    return examples / workers;
  }

  /** The most examples any of {@code workers} gets of {@code examples}. */
  public static long largest(long examples, long workers) {
    return ceilingOfQuotient(examples, workers);
  }

  /**
   * The pieces of at most {@code most} examples that a share of {@code share} examples is cut into:
   * its minibatches, or its rounds.
   */
  public static long pieces(long share, long most) {
    return ceilingOfQuotient(share, most);
  }

  /** {@code dividend / divisor} rounded up, for positive numbers: Java 17 has no {@code Math.ceilDiv}. */
  private static long ceilingOfQuotient(long dividend, long divisor) {
    return (dividend + divisor - 1) / divisor;
  }
}
