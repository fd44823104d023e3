package io.sparkdigits.common.pipeline;

import io.sparkdigits.common.dataset.DatasetManifest;
import io.sparkdigits.common.dataset.DigitsDataset;
import io.sparkdigits.common.dataset.DigitsSchema;
import io.sparkdigits.common.dataset.Minibatches;
import io.sparkdigits.common.json.Json;
import io.sparkdigits.common.metrics.EpochRecord;
import io.sparkdigits.common.metrics.TrainingRecord;
import io.sparkdigits.common.model.ModelFiles;
import io.sparkdigits.common.model.NetworkSpec;
import io.sparkdigits.common.model.TrainingSpec;
import io.sparkdigits.common.storage.StorageLayout;
import io.sparkdigits.common.train.DistributedTrainer;
import io.sparkdigits.common.train.EpochOrder;
import io.sparkdigits.common.train.ShuffledEpochs;
import io.sparkdigits.common.train.Workers;
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
 * directory, with the last epoch's test scores for the evaluate stage ({@link FinalTestPass}).
 * Every epoch leaves a checkpoint there, and a run started again with the same id continues from
 * its newest one.
 */
public final class TrainStage {
  /** Scored minibatches can be larger than training ones. */
  private static final int SCORING_BATCH_SIZE = 256;
  /**
   * Examples of the training split scored after every epoch: a learning curve needs no more (the
   * accuracy of a sample of 10,000 is within about 0.3 points of the split's), and scoring all of
   * a split of millions would cost a third of an epoch.
   */
  private static final int TRAIN_SCORED_EXAMPLES = 10_000;

  private final SparkSession spark;
  private final StorageLayout layout;

  public TrainStage(SparkSession spark, StorageLayout layout) {
    this.spark = spark;
    this.layout = layout;
  }

  public TrainingRecord run(String runId, String datasetName, NetworkSpec spec, TrainingSpec training)
      throws IOException {
    long start = System.nanoTime();
    DigitsDataset dataset = DigitsDataset.open(spark, layout, datasetName);
    DatasetManifest manifest = dataset.manifest();
    // the network as trained and recorded: its input is the dataset's image
    NetworkSpec network =
        spec.fitTo(manifest.rows(), manifest.columns(), manifest.numClasses(), "dataset '" + datasetName + "'");

    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    FileSystem fs = layout.fileSystem(sc.hadoopConfiguration());
    Path staging = layout.staging(runId);
    fs.mkdirs(staging);

    long trainExamples = manifest.requireSplit(DigitsSchema.TRAIN).count();
    int workers = Workers.resolve(sc, training, trainExamples).count();
    DistributedTrainer trainer = new DistributedTrainer(sc, network, training, workers);
    EpochOrder order = new EpochOrder(trainExamples, workers, training.roundsPerEpoch(trainExamples, workers),
        network.seed());
    ShuffledEpochs trainData = new ShuffledEpochs(dataset.split(DigitsSchema.TRAIN), order,
        new Minibatches(training.batchSizePerWorker(), manifest.pixels(), manifest.numClasses()));
    JavaRDD<DataSet> trainSample = dataset.sampleMinibatches(DigitsSchema.TRAIN, TRAIN_SCORED_EXAMPLES,
        network.seed(), SCORING_BATCH_SIZE, workers).persist(StorageLevel.MEMORY_ONLY());
    JavaRDD<DataSet> testData = dataset.minibatches(DigitsSchema.TEST, SCORING_BATCH_SIZE, workers)
        .persist(StorageLevel.MEMORY_ONLY());

    TrainingCheckpoints checkpoints = new TrainingCheckpoints(fs, staging);
    Optional<TrainingCheckpoints.Saved> saved = checkpoints.latest(datasetName, network, training);
    List<EpochRecord> epochs = new ArrayList<>(saved.map(s -> s.state().epochs()).orElse(List.of()));
    DistributedTrainer.Resume resume =
        saved.map(s -> new DistributedTrainer.Resume(s.network(), s.state().epochs().size())).orElse(null);
    DistributedTrainer.Result trained;
    try {
      trained = trainer.train(trainData, trainSample, testData, resume, (record, model) -> {
        epochs.add(record);
        checkpoints.save(model, new TrainingCheckpoints.State(datasetName, network, training, epochs));
      });
    } finally {
      trainSample.unpersist(false);
      testData.unpersist(false);
    }
    ModelFiles.write(fs, new Path(staging, StorageLayout.MODEL_FILE), trained.model());
    if (trained.lastTest() != null) {
      FinalTestPass.write(fs, staging, datasetName, manifest, trained.model(), trained.lastTest());
    }
    TrainingRecord record = new TrainingRecord(runId, datasetName, dataset.version(), network, training, workers,
        trainExamples, order.rounds(), epochs, (System.nanoTime() - start) / 1e9);
    Json.write(fs, new Path(staging, StorageLayout.TRAINING_FILE), record);
    checkpoints.deleteAll();
    return record;
  }
}
