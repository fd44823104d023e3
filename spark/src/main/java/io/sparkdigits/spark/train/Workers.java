package io.sparkdigits.spark.train;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.model.TrainingSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of a training, decided once before it starts: the number asked for, or with 0 one
 * per task slot of the executors ({@link TaskSlots}). The training split is spread over exactly
 * that many partitions, one per worker, and the choice is checked against the split: a batch size
 * that leaves a worker less than one full minibatch is refused, and a choice that makes averaging
 * learn little per epoch is warned about ({@code warnings}).
 */
public record Workers(int count, int taskSlots, List<String> warnings) {
  private static final Logger LOG = LoggerFactory.getLogger(Workers.class);
  /** Fewer minibatches than this per worker and epoch: a handful of updates per epoch. */
  static final int FEW_MINIBATCHES = 10;

  /** Decides, and logs the warnings. */
  public static Workers resolve(JavaSparkContext sc, TrainingSpec training, long trainExamples) {
    Workers workers = decide(training, TaskSlots.registered(sc), trainExamples);
    workers.warnings().forEach(LOG::warn);
    return workers;
  }

  static Workers decide(TrainingSpec training, int taskSlots, long trainExamples) {
    int count = training.workers() > 0 ? training.workers() : taskSlots;
    int batch = training.batchSizePerWorker();
    long share = trainExamples / count;
    if (share == 0) {
      throw new UsageException("the training split has " + trainExamples + " examples for " + count
          + " workers: each worker needs at least one minibatch; use fewer workers");
    }
    if (share < batch) {
      throw new UsageException(String.format("batch size %d is larger than each worker's share of the "
              + "training split (%d examples over %d workers: %d each), so no worker would fit one full minibatch; "
              + "use a batch size of at most %d (32 to 256 is usual)%s", batch, trainExamples, count, share,
          share, training.workers() > 0 ? ", or fewer workers" : ""));
    }
    List<String> warnings = new ArrayList<>();
    if (count > taskSlots) {
      warnings.add(String.format("%d workers on %d task slots: the workers of every averaging round run %d at a time, "
              + "and each fits 1/%d of the training split per epoch, so the average of %d models that each saw little "
              + "learns less per epoch than %d workers would, and takes longer; use workers 0 (one per task slot) "
              + "unless you mean to reproduce a training on %d workers", count, taskSlots, taskSlots, count, count,
          taskSlots, count));
    }
    long minibatches = (share + batch - 1) / batch;
    if (minibatches < FEW_MINIBATCHES) {
      warnings.add(String.format("each worker fits only %d minibatches of %d per epoch (%d examples over %d workers), "
              + "so the network is updated only %d times per epoch and needs many more epochs; a smaller batch size "
              + "(32 to 256 is usual)%s updates it more often", minibatches, batch, trainExamples, count, minibatches,
          count > 1 ? " or fewer workers" : ""));
    }
    return new Workers(count, taskSlots, List.copyOf(warnings));
  }
}
