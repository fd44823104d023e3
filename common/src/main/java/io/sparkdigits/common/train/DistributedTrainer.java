package io.sparkdigits.common.train;

import io.sparkdigits.common.metrics.EpochRecord;
import io.sparkdigits.common.metrics.EvaluationReport;
import io.sparkdigits.common.model.NetworkSpec;
import io.sparkdigits.common.model.TrainingSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.data.BatchAndExportDataSetsFunction;
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
 * <p>The training minibatches are exported once, one file each, to {@code exportDirectory} (which
 * must be on a filesystem every executor reads, such as the storage root), and read back by the
 * workers in every epoch; the directory is deleted when training ends, however it ends. This is
 * DL4J's Export approach, done here rather than by the training master, which refuses it on a
 * cluster whenever the default filesystem is local, wherever the export directory is. Files hold
 * exactly one minibatch because DL4J's workers mis-split larger ones (1.0.0-M2.1: the last part
 * of a split DataSet comes out empty).
 *
 * <p>While training runs, the driver touches the export directory every minute. A run that was
 * killed stops touching its own, and the next run deletes it once it is {@link #STALE_AFTER} old.
 */
public final class DistributedTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);
  /** How long an export directory goes untouched before it counts as a killed run's leftover. */
  public static final Duration STALE_AFTER = Duration.ofMinutes(10);
  private static final Duration HEARTBEAT = Duration.ofMinutes(1);
  private static final String EXPORT_PREFIX = "export-";

  /** The trained model, and how long exporting the training data took before the first epoch. */
  public record Result(MultiLayerNetwork model, double exportSeconds) {}

  /** Called after every epoch. */
  @FunctionalInterface
  public interface EpochListener {
    void epochDone(EpochRecord record) throws IOException;
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
   * Trains on {@code trainData} (DataSets of any size, cut and merged as needed) for the spec's
   * epochs, evaluating on {@code testData} after each.
   */
  public Result train(JavaRDD<DataSet> trainData, long trainExamples, JavaRDD<DataSet> testData,
      EpochListener listener) throws IOException {
    ParameterAveragingTrainingMaster master = trainingMaster();
    SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, network.toConfiguration(), master);
    DistributedEvaluator evaluator = new DistributedEvaluator(sc);
    LOG.info("Training {} on {} examples with {} workers: {} epochs, batch {} per worker, averaging every {}",
        network, trainExamples, workers(), training.epochs(), training.batchSizePerWorker(),
        training.averagingFrequency());
    double trainingSeconds = 0;
    double exportSeconds;
    FileSystem exportFileSystem = exportDirectory.getFileSystem(sc.hadoopConfiguration());
    JavaRDD<String> exported = null;
    deleteStaleExports(exportFileSystem);
    exportFileSystem.mkdirs(exportDirectory);
    ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
    heartbeat.scheduleAtFixedRate(() -> touch(exportFileSystem), HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(),
        TimeUnit.SECONDS);
    try {
      long exportStart = System.nanoTime();
      exported = export(trainData);
      exportSeconds = (System.nanoTime() - exportStart) / 1e9;
      LOG.info(String.format("Exported the training data to %s in %.1f s", exportDirectory, exportSeconds));
      for (int epoch = 1; epoch <= training.epochs(); epoch++) {
        long start = System.nanoTime();
        sparkNet.fitPaths(exported);
        double seconds = (System.nanoTime() - start) / 1e9;
        trainingSeconds += seconds;

        EvaluationReport test = evaluator.evaluate(sparkNet.getNetwork(), testData);
        EpochRecord record = new EpochRecord(epoch, seconds, trainExamples / seconds, sparkNet.getScore(),
            test.loss(), test.accuracy());
        double eta = trainingSeconds / epoch * (training.epochs() - epoch);
        LOG.info(String.format("Epoch %d/%d: train loss %.4f, test loss %.4f, test accuracy %.2f%%, "
                + "%.1f s, %.0f examples/s, ETA %.0f s", epoch, training.epochs(), record.trainLoss(),
            record.testLoss(), 100 * record.testAccuracy(), seconds, record.examplesPerSecond(), eta));
        listener.epochDone(record);
      }
    } finally {
      heartbeat.shutdownNow();
      if (exported != null) {
        exported.unpersist(false);
      }
      exportFileSystem.delete(exportDirectory, true);
    }
    return new Result(sparkNet.getNetwork(), exportSeconds);
  }

  /** The export directory of a run, named so that leftovers of killed runs can be found. */
  public static Path exportDirectory(Path scratch, String runId) {
    return new Path(scratch, EXPORT_PREFIX + runId);
  }

  private void deleteStaleExports(FileSystem fs) throws IOException {
    Path scratch = exportDirectory.getParent();
    if (!fs.exists(scratch)) {
      return;
    }
    long staleBefore = System.currentTimeMillis() - STALE_AFTER.toMillis();
    for (FileStatus leftover : fs.listStatus(scratch, path -> path.getName().startsWith(EXPORT_PREFIX))) {
      if (leftover.getModificationTime() < staleBefore && fs.delete(leftover.getPath(), true)) {
        LOG.info("Deleted {}, left behind by a run that did not finish", leftover.getPath());
      }
    }
  }

  private void touch(FileSystem fs) {
    try {
      fs.setTimes(exportDirectory, System.currentTimeMillis(), -1);
    } catch (IOException e) {
      LOG.warn("Could not touch {}; another run may take it for a leftover after {}", exportDirectory, STALE_AFTER, e);
    }
  }

  /** Writes the data as files of one minibatch each; returns their paths, cached. */
  private JavaRDD<String> export(JavaRDD<DataSet> trainData) {
    JavaRDD<String> paths = trainData
        .mapPartitionsWithIndex(
            new BatchAndExportDataSetsFunction(training.batchSizePerWorker(), exportDirectory.toString()), true)
        .persist(StorageLevel.MEMORY_ONLY());
    paths.count();
    return paths;
  }

  private ParameterAveragingTrainingMaster trainingMaster() {
    return new ParameterAveragingTrainingMaster.Builder(workers(), training.batchSizePerWorker())
        .batchSizePerWorker(training.batchSizePerWorker())
        .averagingFrequency(training.averagingFrequency())
        .workerPrefetchNumBatches(2)
        .saveUpdater(true)
        // the exported paths already sit in one partition per worker (the rows were spread so):
        // repartitioning them for every averaging round was a shuffle per round, 25% of an epoch
        .repartionData(Repartition.NumPartitionsWorkersDiffers)
        .rngSeed(network.seed())
        .build();
  }
}
