package io.sparkdigits.spark.train;

import io.sparkdigits.core.metrics.EpochRecord;
import io.sparkdigits.core.metrics.EvaluationRecord;
import io.sparkdigits.core.metrics.SplitScores;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import java.io.IOException;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link NetworkSpec} with DL4J's synchronous parameter averaging: in every round, each
 * worker fits its share of the round's minibatches from the network's current parameters, then the
 * driver averages parameters and updater state (Adam's moments) over the workers; an epoch is
 * {@link EpochOrder#rounds()} rounds, and its examples are dealt to rounds and workers anew every
 * epoch ({@link ShuffledEpochs}).
 *
 * <p>DL4J's training master runs one round per call ({@link RoundTrainingMaster}), on an RDD that
 * holds the round alone, one partition per worker, whose minibatches are built as the worker
 * fits them: nothing of the round is cached. Its default "Export" approach, minibatch files
 * written once and read back in every round, made epochs twice as long (docs/benchmarks.md). One
 * minibatch per object, because DL4J's workers mis-split larger ones (1.0.0-M2.1: the last part of
 * a split DataSet comes out empty).
 */
public final class DistributedTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);

  /**
   * The trained model and the last epoch's scores on the test split (null when the test split was
   * not scored after every epoch, or no epoch ran: a resumed training that was done).
   */
  public record Result(MultiLayerNetwork model, SplitScores lastTest) {}

  /**
   * Called after every epoch with its record and the network as it then is; returns whether to
   * train on (false: stop here, as early stopping decides).
   */
  @FunctionalInterface
  public interface EpochListener {
    boolean epochDone(EpochRecord record, MultiLayerNetwork network) throws IOException;
  }

  /** Where a training that was interrupted stands: the network after its last complete epoch. */
  public record Resume(MultiLayerNetwork network, int epochsDone) {}

  private final JavaSparkContext sc;
  private final NetworkSpec network;
  private final TrainingSpec training;
  private final int workers;

  /** {@code workers}: as {@link Workers} decided it; the training data must deal to as many. */
  public DistributedTrainer(JavaSparkContext sc, NetworkSpec network, TrainingSpec training, int workers) {
    this.sc = sc;
    this.network = network;
    this.training = training;
    this.workers = workers;
  }

  /**
   * Trains on {@code trainData} for the spec's epochs, or until {@code listener} says stop, scoring
   * the network after each on {@code trainSample} (a sample of the training split), {@code
   * validationData} and {@code testData}, one pass over each (null: a split not scored); from a new
   * network, or from where {@code resume} says (null for none). The network's configuration counts
   * its epochs, so a resumed training continues the learning-rate schedule, and the epochs' orders
   * are those an uninterrupted training would have seen.
   */
  public Result train(ShuffledEpochs trainData, JavaRDD<DataSet> trainSample, JavaRDD<DataSet> validationData,
      JavaRDD<DataSet> testData, Resume resume, EpochListener listener) throws IOException {
    EpochOrder order = trainData.order();
    if (order.workers() != workers) {
      throw new IllegalArgumentException("the training data is dealt to " + order.workers() + " workers, not "
          + workers + ": parameter averaging needs exactly one partition per worker");
    }
    int largestShare = trainData.largestShare();
    RoundTrainingMaster master = trainingMaster(largestShare);
    SparkDl4jMultiLayer sparkNet = resume == null
        ? new SparkDl4jMultiLayer(sc, network.toConfiguration(), master)
        : new SparkDl4jMultiLayer(sc, resume.network(), master);
    int firstEpoch = resume == null ? 1 : resume.epochsDone() + 1;
    // DL4J's breakdown of an epoch by phase (broadcast, split, fit, aggregation...) costs a
    // little, so only when this class logs at DEBUG
    sparkNet.setCollectTrainingStats(LOG.isDebugEnabled());
    LOG.info("Training {} on {} examples with {} workers: {} epochs, batch {} per worker, {} averaging rounds per "
            + "epoch of at most {} minibatches per worker", network, order.examples(), workers, training.epochs(),
        training.batchSizePerWorker(), order.rounds(), largestShare);
    if (resume != null) {
      LOG.info("Resuming after epoch {}", resume.epochsDone());
    }

    if (firstEpoch <= training.epochs()) {
      trainData.keepOnDisk();
    }
    double trainingSeconds = 0;
    SplitScores test = null;
    for (int epoch = firstEpoch; epoch <= training.epochs(); epoch++) {
      long start = System.nanoTime();
      List<JavaRDD<DataSet>> rounds = trainData.rounds(epoch);
      for (int round = 0; round < rounds.size(); round++) {
        master.fitRound(sparkNet, rounds.get(round), round + 1, rounds.size());
      }
      // once per epoch: SparkDl4jMultiLayer.fit counts every call as an epoch
      sparkNet.getNetwork().incrementEpochCount();
      double seconds = (System.nanoTime() - start) / 1e9;
      trainingSeconds += seconds;
      if (LOG.isDebugEnabled()) {
        LOG.debug("Epoch {} by phase:\n{}", epoch, sparkNet.getSparkTrainingStats().statsAsString());
      }

      long scoringStart = System.nanoTime();
      SplitScores train;
      SplitScores validation = null;
      try (DistributedEvaluator evaluator = new DistributedEvaluator(sc, sparkNet.getNetwork())) {
        train = evaluator.score(trainSample, 0);
        if (validationData != null) {
          validation = evaluator.score(validationData, 0);
        }
        if (testData != null) {
          test = evaluator.score(testData, EvaluationRecord.MISCLASSIFIED_KEPT);
        }
      }
      double scoringSeconds = (System.nanoTime() - scoringStart) / 1e9;
      EpochRecord record = new EpochRecord(epoch, seconds, order.examples() / seconds, train.report().loss(),
          train.report().accuracy(), loss(validation), accuracy(validation), loss(test), accuracy(test));
      double eta = trainingSeconds / (epoch - firstEpoch + 1) * (training.epochs() - epoch);
      LOG.info(String.format("Epoch %d/%d: train loss %.4f, accuracy %.2f%% (sample of %d)%s%s; %.1f s, "
              + "%.0f examples/s, scored in %.1f s, ETA %.0f s", epoch, training.epochs(), record.trainLoss(),
          100 * record.trainAccuracy(), train.report().examples(), scores("validation", validation),
          scores("test", test), seconds, record.examplesPerSecond(), scoringSeconds, eta));
      if (!listener.epochDone(record, sparkNet.getNetwork())) {
        break;
      }
    }
    return new Result(sparkNet.getNetwork(), test);
  }

  private static Double loss(SplitScores scores) {
    return scores == null ? null : scores.report().loss();
  }

  private static Double accuracy(SplitScores scores) {
    return scores == null ? null : scores.report().accuracy();
  }

  /** The log line's part for a split: its loss and accuracy, or nothing when it was not scored. */
  private static String scores(String split, SplitScores scores) {
    return scores == null ? "" : String.format("; %s loss %.4f, accuracy %.2f%%", split, scores.report().loss(),
        100 * scores.report().accuracy());
  }

  /**
   * DL4J's master for rounds of at most {@code largestShare} minibatches per worker: its averaging
   * frequency, the most a worker fits in a round, is that share.
   */
  private RoundTrainingMaster trainingMaster(int largestShare) {
    return new RoundTrainingMaster(new ParameterAveragingTrainingMaster.Builder(workers, training.batchSizePerWorker())
        .batchSizePerWorker(training.batchSizePerWorker())
        .averagingFrequency(largestShare)
        // each core runs a worker: a prefetch thread building the next minibatch only competes for them
        .workerPrefetchNumBatches(0)
        .saveUpdater(true)
        // a round already sits in one partition per worker
        .repartionData(Repartition.NumPartitionsWorkersDiffers)
        .rngSeed(network.seed()));
  }
}
