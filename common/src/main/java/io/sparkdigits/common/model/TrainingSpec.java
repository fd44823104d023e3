package io.sparkdigits.common.model;

import io.sparkdigits.common.UsageException;
import java.io.Serializable;

/**
 * How parameter averaging runs: epochs over the training split, the minibatch each worker fits,
 * how many minibatches each worker fits between two averagings ({@code 0}: its whole share of an
 * epoch, so one averaging per epoch), and how many workers take part ({@code 0}: one per task slot
 * of the executors registered, as {@code train.Workers} decides).
 */
public record TrainingSpec(int epochs, int batchSizePerWorker, int averagingFrequency, int workers)
    implements Serializable {

  public TrainingSpec {
    requirePositive("epochs", epochs);
    requirePositive("batch size per worker", batchSizePerWorker);
    requireNotNegative("averaging frequency", averagingFrequency, "once per epoch");
    requireNotNegative("workers", workers, "one per executor core");
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
