package io.sparkdigits.spark.pipeline;

import io.sparkdigits.core.metrics.EarlyStoppingRecord;
import io.sparkdigits.core.metrics.EpochRecord;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Early stopping on the validation loss, as Keras' {@code EarlyStopping(restore_best_weights=True)}
 * does it: the best epoch is the one of lowest validation loss (the first of equals), its network
 * is kept, and training stops once {@code patience} epochs have passed without a lower loss. The
 * model that training hands on is then the best epoch's, not the last one's.
 */
final class EarlyStopping {
  private final int patience;
  private int bestEpoch;
  private double bestLoss = Double.POSITIVE_INFINITY;
  private MultiLayerNetwork best;
  private int lastEpoch;

  /**
   * Where a training with {@code patience} stands after {@code epochs} (empty for a new one), with
   * {@code best} the best of them's network (null when there is none yet).
   */
  EarlyStopping(int patience, List<EpochRecord> epochs, MultiLayerNetwork best) {
    this.patience = patience;
    for (EpochRecord epoch : epochs) {
      improves(epoch);
    }
    if (bestEpoch > 0 && best == null) {
      throw new IllegalStateException("a checkpoint of training with early stopping has no best network");
    }
    this.best = best;
  }

  /** Records an epoch and the network after it; returns whether to train on. */
  boolean epochDone(EpochRecord epoch, MultiLayerNetwork network) {
    if (improves(epoch)) {
      best = network.clone();
    }
    return !stopped();
  }

  /** Whether the epochs so far end the training: patience epochs without a lower validation loss. */
  boolean stopped() {
    return bestEpoch > 0 && lastEpoch - bestEpoch >= patience;
  }

  /** The best epoch's network so far; null before the first epoch. */
  MultiLayerNetwork best() {
    return best;
  }

  /** What the training record says of it, once training is over after {@code epochs} of {@code plannedEpochs}. */
  EarlyStoppingRecord record(int plannedEpochs) {
    return new EarlyStoppingRecord(patience, bestEpoch, bestLoss, stopped() && lastEpoch < plannedEpochs, lastEpoch);
  }

  private boolean improves(EpochRecord epoch) {
    if (!epoch.validated()) {
      throw new IllegalArgumentException("epoch " + epoch.epoch() + " has no validation loss to stop early on");
    }
    lastEpoch = epoch.epoch();
    if (epoch.validationLoss() < bestLoss) {
      bestLoss = epoch.validationLoss();
      bestEpoch = epoch.epoch();
      return true;
    }
    return false;
  }
}
