package io.sparkdigits.common.train;

import io.sparkdigits.common.metrics.EpochRecord;
import io.sparkdigits.common.metrics.EvaluationReport;
import io.sparkdigits.common.model.NetworkSpec;
import io.sparkdigits.common.model.TrainingSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
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
 * <p>The training minibatches are exported once, to {@code exportDirectory} (which must be on a
 * filesystem every executor reads, such as the storage root), and read back by the workers in
 * every epoch; the directory is deleted when training ends, however it ends.
 */
public final class DistributedTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);
  private static final String LOCAL_SCHEME = "file";

  /** Called after every epoch, with the model as it is then. */
  @FunctionalInterface
  public interface EpochListener {
    void epochDone(EpochRecord record, MultiLayerNetwork model) throws IOException;
  }

  private final JavaSparkContext sc;
  private final NetworkSpec network;
  private final TrainingSpec training;
  private final Path exportDirectory;

  public DistributedTrainer(JavaSparkContext sc, NetworkSpec network, TrainingSpec training, Path exportDirectory) {
    this.sc = sc;
    this.network = network;
    this.training = training;
    this.exportDirectory = exportDirectory;
  }

  /** The number of workers that take part: the spec's, or one per executor core. */
  public int workers() {
    return training.workers() > 0 ? training.workers() : sc.defaultParallelism();
  }

  /**
   * Trains on {@code trainData}, minibatches of {@code batchSizePerWorker} examples, for the spec's
   * epochs, evaluating on {@code testData} after each.
   */
  public MultiLayerNetwork train(JavaRDD<DataSet> trainData, long trainExamples, JavaRDD<DataSet> testData,
      EpochListener listener) throws IOException {
    useExportFileSystemAsDefault();
    ParameterAveragingTrainingMaster master = trainingMaster();
    SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, network.toConfiguration(), master);
    DistributedEvaluator evaluator = new DistributedEvaluator(sc);
    LOG.info("Training {} on {} examples with {} workers: {} epochs, batch {} per worker, averaging every {}",
        network, trainExamples, workers(), training.epochs(), training.batchSizePerWorker(),
        training.averagingFrequency());
    double trainingSeconds = 0;
    try {
      for (int epoch = 1; epoch <= training.epochs(); epoch++) {
        long start = System.nanoTime();
        sparkNet.fit(trainData);
        double seconds = (System.nanoTime() - start) / 1e9;
        trainingSeconds += seconds;

        EvaluationReport test = evaluator.evaluate(sparkNet.getNetwork(), testData);
        EpochRecord record = new EpochRecord(epoch, seconds, trainExamples / seconds, sparkNet.getScore(),
            test.loss(), test.accuracy());
        double eta = trainingSeconds / epoch * (training.epochs() - epoch);
        LOG.info(String.format("Epoch %d/%d: train loss %.4f, test loss %.4f, test accuracy %.2f%%, "
                + "%.1f s, %.0f examples/s, ETA %.0f s", epoch, training.epochs(), record.trainLoss(),
            record.testLoss(), 100 * record.testAccuracy(), seconds, record.examplesPerSecond(), eta));
        listener.epochDone(record, sparkNet.getNetwork());
      }
    } finally {
      master.deleteTempFiles(sc);
      exportDirectory.getFileSystem(sc.hadoopConfiguration()).delete(exportDirectory, true);
    }
    return sparkNet.getNetwork();
  }

  /**
   * DL4J refuses the Export approach on a cluster whenever the default filesystem is the local
   * one, even with an export directory on HDFS or S3. What matters is that the export directory is
   * shared, so its filesystem becomes this application's default when the default is local.
   */
  private void useExportFileSystemAsDefault() throws IOException {
    Configuration conf = sc.hadoopConfiguration();
    FileSystem exportFileSystem = exportDirectory.getFileSystem(conf);
    if (!LOCAL_SCHEME.equals(exportFileSystem.getScheme())
        && LOCAL_SCHEME.equals(FileSystem.get(conf).getScheme())) {
      conf.set(FileSystem.FS_DEFAULT_NAME_KEY, exportFileSystem.getUri().toString());
    }
  }

  private ParameterAveragingTrainingMaster trainingMaster() {
    return new ParameterAveragingTrainingMaster.Builder(training.batchSizePerWorker())
        .batchSizePerWorker(training.batchSizePerWorker())
        .averagingFrequency(training.averagingFrequency())
        .workerPrefetchNumBatches(2)
        .saveUpdater(true)
        .rddTrainingApproach(RDDTrainingApproach.Export)
        .exportDirectory(exportDirectory.toString())
        .rngSeed(network.seed())
        .build();
  }
}
