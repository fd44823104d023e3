package io.sparkdigits.common.train;

import io.sparkdigits.common.metrics.EpochRecord;
import io.sparkdigits.common.metrics.EvaluationReport;
import io.sparkdigits.common.model.NetworkSpec;
import io.sparkdigits.common.model.TrainingSpec;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link NetworkSpec} with DL4J's synchronous parameter averaging: each worker fits
 * {@code averagingFrequency} minibatches from the network's current parameters, then the driver
 * averages parameters and updater state (Adam's moments) over the workers, and so on.
 *
 * <p>The training minibatches are built once, one {@link DataSet} object each, and cached on the
 * executors (in memory, spilling to disk); DL4J's training master draws every averaging round
 * from that cache (its "Direct" approach). Its default "Export" approach, minibatch files written
 * once and read back in every round, made epochs twice as long (docs/benchmarks.md). One
 * minibatch per object, because DL4J's workers mis-split larger ones (1.0.0-M2.1: the last part
 * of a split DataSet comes out empty).
 *
 * <p>A DL4J worker fits at most {@code averagingFrequency} minibatches in a round and skips the
 * rest of its share of the round, and an epoch has {@code floor(minibatches / (workers x
 * averagingFrequency))} rounds: a frequency that does not divide a worker's share evenly skips
 * data. Averaging once per epoch (frequency 0) skips none; the trainer warns about any other
 * frequency that does.
 */
public final class DistributedTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);

  /** The trained model, and how long building and caching the training minibatches took. */
  public record Result(MultiLayerNetwork model, double minibatchSeconds) {}

  /** Called after every epoch with its record and the network as it then is. */
  @FunctionalInterface
  public interface EpochListener {
    void epochDone(EpochRecord record, MultiLayerNetwork network) throws IOException;
  }

  /** Where a training that was interrupted stands: the network after its last complete epoch. */
  public record Resume(MultiLayerNetwork network, int epochsDone) {}

  private final JavaSparkContext sc;
  private final NetworkSpec network;
  private final TrainingSpec training;

  public DistributedTrainer(JavaSparkContext sc, NetworkSpec network, TrainingSpec training) {
    this.sc = sc;
    this.network = network;
    this.training = training;
  }

  /** The number of workers that take part: the spec's, or one per executor core. */
  public int workers() {
    return training.workers() > 0 ? training.workers() : sc.defaultParallelism();
  }

  /**
   * Trains on {@code trainData}, minibatches of the spec's batch size in one partition per worker,
   * for the spec's epochs, evaluating on {@code testData} after each; from a new network, or from
   * where {@code resume} says (null for none). The network's configuration counts its epochs, so a
   * resumed training continues the learning-rate schedule.
   */
  public Result train(JavaRDD<DataSet> trainData, long trainExamples, JavaRDD<DataSet> testData, Resume resume,
      EpochListener listener) throws IOException {
    JavaRDD<DataSet> cached = trainData.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long cachingStart = System.nanoTime();
      List<Integer> minibatchesPerWorker = cached.mapPartitions(DistributedTrainer::count).collect();
      double minibatchSeconds = (System.nanoTime() - cachingStart) / 1e9;
      int averagingFrequency = averagingFrequency(minibatchesPerWorker);
      SparkDl4jMultiLayer sparkNet = resume == null
          ? new SparkDl4jMultiLayer(sc, network.toConfiguration(), trainingMaster(averagingFrequency))
          : new SparkDl4jMultiLayer(sc, resume.network(), trainingMaster(averagingFrequency));
      int firstEpoch = resume == null ? 1 : resume.epochsDone() + 1;
      // DL4J's breakdown of an epoch by phase (broadcast, split, fit, aggregation...) costs a
      // little, so only when this class logs at DEBUG
      sparkNet.setCollectTrainingStats(LOG.isDebugEnabled());
      DistributedEvaluator evaluator = new DistributedEvaluator(sc);
      LOG.info(String.format("Built and cached %d training minibatches in %.1f s", minibatchesPerWorker.stream()
          .mapToInt(Integer::intValue).sum(), minibatchSeconds));
      LOG.info("Training {} on {} examples with {} workers: {} epochs, batch {} per worker, averaging every {}",
          network, trainExamples, workers(), training.epochs(), training.batchSizePerWorker(), averagingFrequency);
      if (resume != null) {
        LOG.info("Resuming after epoch {}", resume.epochsDone());
      }

      double trainingSeconds = 0;
      for (int epoch = firstEpoch; epoch <= training.epochs(); epoch++) {
        long start = System.nanoTime();
        sparkNet.fit(cached);
        double seconds = (System.nanoTime() - start) / 1e9;
        trainingSeconds += seconds;
        if (LOG.isDebugEnabled()) {
          LOG.debug("Epoch {} by phase:\n{}", epoch, sparkNet.getSparkTrainingStats().statsAsString());
        }

        EvaluationReport train = evaluator.evaluate(sparkNet.getNetwork(), cached);
        EvaluationReport test = evaluator.evaluate(sparkNet.getNetwork(), testData);
        EpochRecord record = new EpochRecord(epoch, seconds, trainExamples / seconds, train.loss(), train.accuracy(),
            test.loss(), test.accuracy());
        double eta = trainingSeconds / (epoch - firstEpoch + 1) * (training.epochs() - epoch);
        LOG.info(String.format("Epoch %d/%d: train loss %.4f, accuracy %.2f%%; test loss %.4f, accuracy %.2f%%; "
                + "%.1f s, %.0f examples/s, ETA %.0f s", epoch, training.epochs(), record.trainLoss(),
            100 * record.trainAccuracy(), record.testLoss(), 100 * record.testAccuracy(), seconds,
            record.examplesPerSecond(), eta));
        listener.epochDone(record, sparkNet.getNetwork());
      }
      return new Result(sparkNet.getNetwork(), minibatchSeconds);
    } finally {
      cached.unpersist(false);
    }
  }

  /**
   * The spec's averaging frequency, or with 0 the largest share of any worker (one round per
   * epoch); warns when DL4J's workers would skip minibatches at that frequency.
   */
  private int averagingFrequency(List<Integer> minibatchesPerWorker) {
    int largestShare = minibatchesPerWorker.stream().mapToInt(Integer::intValue).max().orElse(1);
    if (training.averagingFrequency() == 0) {
      return Math.max(largestShare, 1);
    }
    int frequency = training.averagingFrequency();
    int minibatches = minibatchesPerWorker.stream().mapToInt(Integer::intValue).sum();
    int rounds = Math.max(1, minibatches / (workers() * frequency));
    int skipped = minibatchesPerWorker.stream().mapToInt(share -> Math.max(0, share - rounds * frequency)).sum();
    if (skipped > 0) {
      LOG.warn(String.format("Averaging every %d minibatches, DL4J's workers skip %d of the %d minibatches of "
              + "every epoch (%.1f%%): %d rounds of at most %d each; averaging frequency 0 skips none",
          frequency, skipped, minibatches, 100.0 * skipped / minibatches, rounds, frequency));
    }
    return frequency;
  }

  private static Iterator<Integer> count(Iterator<DataSet> partition) {
    int n = 0;
    for (; partition.hasNext(); partition.next()) {
      n++;
    }
    return List.of(n).iterator();
  }

  private ParameterAveragingTrainingMaster trainingMaster(int averagingFrequency) {
    return new ParameterAveragingTrainingMaster.Builder(workers(), training.batchSizePerWorker())
        .batchSizePerWorker(training.batchSizePerWorker())
        .averagingFrequency(averagingFrequency)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        // the trainer caches the minibatches itself, deserialised: DL4J's default level,
        // MEMORY_ONLY_SER, would deserialise every worker's whole share in every round
        .storageLevel(null)
        // the minibatches already sit in memory: a prefetch thread only competes for the cores
        .workerPrefetchNumBatches(0)
        .saveUpdater(true)
        // the minibatches already sit in one partition per worker: repartitioning every
        // averaging round's share would be a shuffle per round
        .repartionData(Repartition.NumPartitionsWorkersDiffers)
        .rngSeed(network.seed())
        .build();
  }
}
