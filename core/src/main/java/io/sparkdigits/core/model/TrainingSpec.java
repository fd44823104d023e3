package io.sparkdigits.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparkdigits.core.UsageException;
import java.io.Serializable;

/**
 * How parameter averaging runs: epochs over the training split, the minibatch each worker fits,
 * how many minibatches each worker fits between two averagings ({@code 0}: as many as {@link
 * #roundsPerEpoch} chooses for the data's size), and how many workers take part ({@code 0}: one
 * per task slot of the executors registered, as {@code train.Workers} decides), and early stopping:
 * training ends once the validation loss has not improved for {@code earlyStoppingPatience}
 * epochs, and the model is the best epoch's ({@code 0}: every epoch is trained and the model is
 * the last one's). Patience 0 is left out of the JSON, so that the configuration of a model
 * trained before early stopping existed still reads, and fingerprints, as it did.
 */
public record TrainingSpec(int epochs, int batchSizePerWorker, int averagingFrequency, int workers,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int earlyStoppingPatience) implements Serializable {

  public TrainingSpec {
    requirePositive("epochs", epochs);
    requirePositive("batch size per worker", batchSizePerWorker);
    requireNotNegative("averaging frequency", averagingFrequency, "chosen by the data's size");
    requireNotNegative("workers", workers, "one per executor core");
    requireNotNegative("early stopping patience", earlyStoppingPatience, "no early stopping");
  }

  /** Training without early stopping. */
  public TrainingSpec(int epochs, int batchSizePerWorker, int averagingFrequency, int workers) {
    this(epochs, batchSizePerWorker, averagingFrequency, workers, 0);
  }

  /** Whether training stops early and keeps its best epoch. */
  public boolean stopsEarly() {
    return earlyStoppingPatience > 0;
  }

  /**
   * Examples each worker fits between two averagings when the averaging frequency is 0: one round
   * per epoch up to this share, and as many rounds as keep each worker under it beyond. Measured in
   * docs/scaling.md: averaging less often than this loses accuracy per epoch at 600,000 examples
   * and more, and averaging more often costs time for no accuracy.
   */
  public static final int AUTO_EXAMPLES_PER_ROUND = 10_000;

  /**
   * Averaging rounds in an epoch of {@code examples} over {@code workers}: as many as keep each
   * worker's share of a round to the averaging frequency's minibatches, or with frequency 0 to
   * {@value #AUTO_EXAMPLES_PER_ROUND} examples; never so many that a worker has no example in a round.
   */
  public int roundsPerEpoch(long examples, int workers) {
    long share = (examples + workers - 1) / workers;
    long perRound = averagingFrequency == 0 ? AUTO_EXAMPLES_PER_ROUND : (long) averagingFrequency * batchSizePerWorker;
    long rounds = (share + perRound - 1) / perRound;
    return Math.toIntExact(Math.max(1, Math.min(rounds, examples / workers)));
  }

  private static void requireNotNegative(String what, int value, String zeroMeans) {
    if (value < 0) {
      throw new UsageException(what + " must be 0 (" + zeroMeans + ") or more, got " + value);
    }
  }

  private static void requirePositive(String what, int value) {
    if (value < 1) {
      throw new UsageException(what + " must be at least 1, got " + value);
    }
  }
}
