package io.sparkdigits.common.train;

import io.sparkdigits.common.metrics.EpochRecord;
import io.sparkdigits.common.metrics.EvaluationRecord;
import io.sparkdigits.common.metrics.SplitScores;
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

  /**
   * The trained model, how long building and caching the training minibatches took, and the last
   * epoch's scores on the test split (null when no epoch ran: a resumed training that was done).
   */
  public record Result(MultiLayerNetwork model, double minibatchSeconds, SplitScores lastTest) {}

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
  private final int workers;

  /** {@code workers}: as {@link Workers} decided it; the training data must have one partition per worker. */
  public DistributedTrainer(JavaSparkContext sc, NetworkSpec network, TrainingSpec training, int workers) {
    this.sc = sc;
    this.network = network;
    this.training = training;
    this.workers = workers;
  }

  /**
   * Trains on {@code trainData}, minibatches of the spec's batch size in one partition per worker,
   * for the spec's epochs, scoring the network on the training split and on {@code testData} after
   * each, one pass over each; from a new network, or from where {@code resume} says (null for
   * none). The network's configuration counts its epochs, so a resumed training continues the
   * learning-rate schedule.
   */
  public Result train(JavaRDD<DataSet> trainData, long trainExamples, JavaRDD<DataSet> testData, Resume resume,
      EpochListener listener) throws IOException {
    if (trainData.getNumPartitions() != workers) {
      throw new IllegalArgumentException("the training data has " + trainData.getNumPartitions()
          + " partitions for " + workers + " workers: parameter averaging needs exactly one partition per worker");
    }
    JavaRDD<DataSet> cached = trainData.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long cachingStart = System.nanoTime();
      List<Integer> minibatchesPerWorker = cached.mapPartitions(DistributedTrainer::count).collect();
      double minibatchSeconds = (System.nanoTime() - cachingStart) / 1e9;
      if (minibatchesPerWorker.contains(0)) {
        // an empty worker returns no parameters, which DL4J's aggregation counts and then fails on
        throw new IllegalArgumentException("a worker's share of the training data is empty (minibatches per worker: "
            + minibatchesPerWorker + "): use fewer workers");
      }
      int averagingFrequency = averagingFrequency(minibatchesPerWorker);
      SparkDl4jMultiLayer sparkNet = resume == null
          ? new SparkDl4jMultiLayer(sc, network.toConfiguration(), trainingMaster(averagingFrequency))
          : new SparkDl4jMultiLayer(sc, resume.network(), trainingMaster(averagingFrequency));
      int firstEpoch = resume == null ? 1 : resume.epochsDone() + 1;
      // DL4J's breakdown of an epoch by phase (broadcast, split, fit, aggregation...) costs a
      // little, so only when this class logs at DEBUG
      sparkNet.setCollectTrainingStats(LOG.isDebugEnabled());
      LOG.info(String.format("Built and cached %d training minibatches in %.1f s", minibatchesPerWorker.stream()
          .mapToInt(Integer::intValue).sum(), minibatchSeconds));
      LOG.info("Training {} on {} examples with {} workers: {} epochs, batch {} per worker, averaging every {}",
          network, trainExamples, workers, training.epochs(), training.batchSizePerWorker(), averagingFrequency);
      if (resume != null) {
        LOG.info("Resuming after epoch {}", resume.epochsDone());
      }

      double trainingSeconds = 0;
      SplitScores test = null;
      for (int epoch = firstEpoch; epoch <= training.epochs(); epoch++) {
        long start = System.nanoTime();
        sparkNet.fit(cached);
        double seconds = (System.nanoTime() - start) / 1e9;
        trainingSeconds += seconds;
        if (LOG.isDebugEnabled()) {
          LOG.debug("Epoch {} by phase:\n{}", epoch, sparkNet.getSparkTrainingStats().statsAsString());
        }

        long scoringStart = System.nanoTime();
        SplitScores train;
        try (DistributedEvaluator evaluator = new DistributedEvaluator(sc, sparkNet.getNetwork())) {
          train = evaluator.score(cached, 0);
          test = evaluator.score(testData, EvaluationRecord.MISCLASSIFIED_KEPT);
        }
        double scoringSeconds = (System.nanoTime() - scoringStart) / 1e9;
        EpochRecord record = new EpochRecord(epoch, seconds, trainExamples / seconds, train.report().loss(),
            train.report().accuracy(), test.report().loss(), test.report().accuracy());
        double eta = trainingSeconds / (epoch - firstEpoch + 1) * (training.epochs() - epoch);
        LOG.info(String.format("Epoch %d/%d: train loss %.4f, accuracy %.2f%%; test loss %.4f, accuracy %.2f%%; "
                + "%.1f s, %.0f examples/s, scored in %.1f s, ETA %.0f s", epoch, training.epochs(),
            record.trainLoss(), 100 * record.trainAccuracy(), record.testLoss(), 100 * record.testAccuracy(), seconds,
            record.examplesPerSecond(), scoringSeconds, eta));
        listener.epochDone(record, sparkNet.getNetwork());
      }
      return new Result(sparkNet.getNetwork(), minibatchSeconds, test);
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
    int rounds = Math.max(1, minibatches / (workers * frequency));
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
    return new ParameterAveragingTrainingMaster.Builder(workers, training.batchSizePerWorker())
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
