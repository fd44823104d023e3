package io.sparkdigits.common.pipeline;

import io.sparkdigits.common.dataset.DatasetManifest;
import io.sparkdigits.common.dataset.DigitsDataset;
import io.sparkdigits.common.dataset.DigitsSchema;
import io.sparkdigits.common.json.Json;
import io.sparkdigits.common.metrics.EpochRecord;
import io.sparkdigits.common.metrics.TrainingRecord;
import io.sparkdigits.common.model.ModelFiles;
import io.sparkdigits.common.model.NetworkSpec;
import io.sparkdigits.common.model.TrainingSpec;
import io.sparkdigits.common.storage.StorageLayout;
import io.sparkdigits.common.train.DistributedTrainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Train: the dataset's training split to a model and its training record in the run's staging
 * directory. Every epoch leaves a checkpoint there, and a run started again with the same id
 * continues from its newest one.
 */
public final class TrainStage {
  /** Test minibatches are only scored, so they can be larger than training ones. */
  private static final int TEST_BATCH_SIZE = 256;

  private final SparkSession spark;
  private final StorageLayout layout;

  public TrainStage(SparkSession spark, StorageLayout layout) {
    this.spark = spark;
    this.layout = layout;
  }

  public TrainingRecord run(String runId, String datasetName, NetworkSpec network, TrainingSpec training)
      throws IOException {
    long start = System.nanoTime();
    DigitsDataset dataset = DigitsDataset.open(spark, layout, datasetName);
    requireFits(network, dataset.manifest(), datasetName);

    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    FileSystem fs = layout.fileSystem(sc.hadoopConfiguration());
    Path staging = layout.staging(runId);
    fs.mkdirs(staging);

    DistributedTrainer trainer = new DistributedTrainer(sc, network, training);
    int workers = trainer.workers();
    JavaRDD<DataSet> trainData = dataset.minibatches(DigitsSchema.TRAIN, training.batchSizePerWorker(), workers);
    JavaRDD<DataSet> testData = dataset.minibatches(DigitsSchema.TEST, TEST_BATCH_SIZE, workers)
        .persist(StorageLevel.MEMORY_ONLY());
    long trainExamples = dataset.manifest().requireSplit(DigitsSchema.TRAIN).count();

    TrainingCheckpoints checkpoints = new TrainingCheckpoints(fs, staging);
    Optional<TrainingCheckpoints.Saved> saved = checkpoints.latest(datasetName, network, training);
    List<EpochRecord> epochs = new ArrayList<>(saved.map(s -> s.state().epochs()).orElse(List.of()));
    DistributedTrainer.Resume resume =
        saved.map(s -> new DistributedTrainer.Resume(s.network(), s.state().epochs().size())).orElse(null);
    DistributedTrainer.Result trained;
    try {
      trained = trainer.train(trainData, trainExamples, testData, resume, (record, model) -> {
        epochs.add(record);
        checkpoints.save(model, new TrainingCheckpoints.State(datasetName, network, training, epochs));
      });
    } finally {
      testData.unpersist(false);
    }
    ModelFiles.write(fs, new Path(staging, StorageLayout.MODEL_FILE), trained.model());
    TrainingRecord record = new TrainingRecord(runId, datasetName, dataset.version(), network, training, workers,
        trainExamples, epochs, trained.minibatchSeconds(), (System.nanoTime() - start) / 1e9);
    Json.write(fs, new Path(staging, StorageLayout.TRAINING_FILE), record);
    checkpoints.deleteAll();
    return record;
  }

  private static void requireFits(NetworkSpec network, DatasetManifest manifest, String datasetName) {
    if (network.inputSize() != manifest.pixels()) {
      throw new IllegalArgumentException("the network's input size " + network.inputSize() + " does not match the "
          + manifest.rows() + "x" + manifest.columns() + " = " + manifest.pixels() + " pixels of dataset '"
          + datasetName + "'");
    }
    if (network.numClasses() != manifest.numClasses()) {
      throw new IllegalArgumentException("the network's output size " + network.numClasses()
          + " does not match the " + manifest.numClasses() + " classes of dataset '" + datasetName + "'");
    }
  }
}
