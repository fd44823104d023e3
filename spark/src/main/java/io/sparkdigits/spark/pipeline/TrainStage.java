package io.sparkdigits.spark.pipeline;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.spark.dataset.DigitsDataset;
import io.sparkdigits.spark.dataset.PixelColumn;
import io.sparkdigits.spark.dataset.TableExamples;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.metrics.EarlyStoppingRecord;
import io.sparkdigits.core.metrics.EpochRecord;
import io.sparkdigits.core.metrics.TrainingRecord;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.spark.train.DistributedEvaluator;
import io.sparkdigits.spark.train.DistributedTrainer;
import io.sparkdigits.spark.train.ShuffledEpochs;
import io.sparkdigits.spark.train.Workers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Train: the dataset's training split to a model and its training record in the run's staging
 * directory. After every epoch the network is scored on a sample of the training split and on the
 * validation split, the learning curves; the test split is left to the evaluate stage, unless it
 * is asked for after every epoch (then the last epoch's test scores go to the evaluate stage,
 * {@link FinalTestPass}). A dataset without a validation split (ingested before they existed, or
 * with none) has its test split scored after every epoch instead, as before. With early stopping
 * the model is the epoch of lowest validation loss ({@link EarlyStopping}). Every epoch leaves a
 * checkpoint there, and a run started again with the same id continues from its newest one.
 */
public final class TrainStage {
  private static final Logger LOG = LoggerFactory.getLogger(TrainStage.class);
  /**
   * Examples of the training split scored after every epoch: a learning curve needs no more (the
   * accuracy of a sample of 10,000 is within about 0.3 points of the split's), and scoring all of
   * a split of millions would cost a third of an epoch.
   */
  public static final int TRAIN_SCORED_EXAMPLES = 10_000;

  /** Training data that was never IDX: a table's images and labels, in a column of each. */
  public record TrainingTable(Dataset<Row> rows, String name, String imageColumn, String labelColumn) {}

  private final SparkSession spark;
  private final StorageLayout layout;
  /** What the network trains on instead of the dataset's training split; null: that split. */
  private final TrainingTable table;

  public TrainStage(SparkSession spark, StorageLayout layout) {
    this(spark, layout, null);
  }

  private TrainStage(SparkSession spark, StorageLayout layout, TrainingTable table) {
    this.spark = spark;
    this.layout = layout;
    this.table = table;
  }

  /**
   * This stage training on {@code table} instead of the dataset's training split (null: on that
   * split); the dataset's validation and test splits still score it, and its images are the
   * dataset's size.
   */
  public TrainStage trainingOn(TrainingTable table) {
    return new TrainStage(spark, layout, table);
  }

  /**
   * Trains run {@code runId} on version {@code datasetVersion} of dataset {@code datasetName} (null:
   * its current version); {@code scoreTestEachEpoch} also scores the test split after every epoch (a
   * dataset without a validation split has it scored whatever this says).
   */
  public TrainingRecord run(String runId, String datasetName, String datasetVersion, NetworkSpec spec,
      TrainingSpec training, boolean scoreTestEachEpoch) throws IOException {
    long start = System.nanoTime();
    DigitsDataset dataset = DigitsDataset.open(spark, layout, datasetName, datasetVersion);
    DatasetManifest manifest = dataset.manifest();
    // the network as trained and recorded: its input is the dataset's image
    NetworkSpec network =
        spec.fitTo(manifest.rows(), manifest.columns(), manifest.numClasses(), "dataset '" + datasetName + "'");
    manifest.requireTrainable("version " + dataset.version() + " of dataset '" + datasetName + "'");
    List<Integer> untrained = manifest.classesUntrained();
    if (!untrained.isEmpty()) {
      LOG.warn("Version {} of dataset '{}' has no training image of class{} {}, which its test split has: the model "
          + "will never predict {}", dataset.version(), datasetName, untrained.size() == 1 ? "" : "es",
          untrained.stream().map(String::valueOf).collect(Collectors.joining(", ")),
          untrained.size() == 1 ? "it" : "them");
    }
    boolean validating = manifest.hasValidationSplit();
    if (!validating && training.stopsEarly()) {
      throw new UsageException("early stopping needs a validation split, and version " + dataset.version()
          + " of dataset '" + datasetName + "' has none: ingest it again with a validation fraction above 0");
    }
    if (!validating) {
      LOG.warn("Version {} of dataset '{}' has no validation split (ingested before validation splits existed, or "
          + "with a validation fraction of 0): the test split is scored after every epoch instead; ingest it "
          + "again to set one aside", dataset.version(), datasetName);
    }

    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    FileSystem fs = layout.fileSystem(sc.hadoopConfiguration());
    Path staging = layout.staging(runId);
    Optional<TrainingRecord> finished = finished(fs, staging, datasetName, dataset.version(), network, training);
    if (finished.isPresent()) {
      LOG.info("Run {} had finished training before it was interrupted: it goes on from its model", runId);
      return finished.get();
    }
    fs.mkdirs(staging);

    Dataset<Row> trainRows = dataset.split(DatasetManifest.TRAIN);
    long trainExamples = manifest.requireSplit(DatasetManifest.TRAIN).count();
    if (table != null) {
      TableExamples examples = TableExamples.of(table.rows(), new PixelColumn(table.imageColumn(), manifest.pixels()),
          table.labelColumn(), manifest.numClasses());
      LOG.info("Training on {}'s {} images instead of the training split", table.name(), examples.count());
      trainRows = examples.rows();
      trainExamples = examples.count();
    }
    Workers chosen = Workers.resolve(sc, training, trainExamples);
    int workers = chosen.count();
    DistributedTrainer trainer = new DistributedTrainer(sc, network, training, workers);
    ShuffledEpochs trainData = ShuffledEpochs.of(trainRows, trainExamples, workers, network, training,
        manifest.pixels());
    JavaRDD<DataSet> trainSample = DistributedEvaluator.sampleMinibatches(trainRows, trainExamples,
        TRAIN_SCORED_EXAMPLES, network.seed(), manifest.pixels(), manifest.numClasses(), chosen.taskSlots());
    JavaRDD<DataSet> validationData = validating
        ? DistributedEvaluator.minibatches(dataset, DatasetManifest.VALIDATION, chosen.taskSlots()) : null;
    JavaRDD<DataSet> testData = !validating || scoreTestEachEpoch
        ? DistributedEvaluator.minibatches(dataset, DatasetManifest.TEST, chosen.taskSlots()) : null;

    TrainingCheckpoints checkpoints = new TrainingCheckpoints(fs, staging);
    Optional<TrainingCheckpoints.Saved> saved = checkpoints.latest(datasetName, dataset.version(), network, training);
    List<EpochRecord> epochs = new ArrayList<>(saved.map(s -> s.state().epochs()).orElse(List.of()));
    DistributedTrainer.Resume resume =
        saved.map(s -> new DistributedTrainer.Resume(s.network(), s.state().epochs().size())).orElse(null);
    EarlyStopping stopping = training.stopsEarly()
        ? new EarlyStopping(training.earlyStoppingPatience(), epochs, saved.map(TrainingCheckpoints.Saved::best).orElse(null))
        : null;
    MultiLayerNetwork model;
    try {
      if (stopping != null && stopping.stopped()) {
        // interrupted after the epoch that ended it, before its model was written
        LOG.info("Run {}: early stopping had ended the training after epoch {}", runId, epochs.size());
        model = stopping.best();
      } else {
        DistributedTrainer.Result trained = trainer.train(trainData, trainSample, validationData, testData, resume,
            (record, trainedSoFar) -> {
              epochs.add(record);
              boolean trainOn = stopping == null || stopping.epochDone(record, trainedSoFar);
              checkpoints.save(trainedSoFar, stopping == null ? null : stopping.best(),
                  new TrainingCheckpoints.State(datasetName, dataset.version(), network, training, epochs));
              return trainOn;
            });
        model = stopping == null ? trained.model() : stopping.best();
        if (trained.lastTest() != null && model == trained.model()) {
          FinalTestPass.write(fs, staging, datasetName, manifest, model, trained.lastTest());
        }
      }
    } finally {
      trainData.close();
    }
    ModelFiles.write(fs, new Path(staging, StorageLayout.MODEL_FILE), model);
    EarlyStoppingRecord earlyStopping = stopping == null ? null : stopping.record(training.epochs());
    if (earlyStopping != null) {
      LOG.info("Run {}: the model is epoch {}'s, of lowest validation loss {}{}", runId, earlyStopping.bestEpoch(),
          String.format("%.4f", earlyStopping.bestValidationLoss()),
          earlyStopping.stoppedEarly() ? "; stopped early after epoch " + earlyStopping.lastEpoch() : "");
    }
    TrainingRecord record = new TrainingRecord(runId, datasetName, dataset.version(), network, training, workers,
        trainExamples, trainData.order().rounds(), epochs, (System.nanoTime() - start) / 1e9, earlyStopping);
    JsonFiles.write(fs, new Path(staging, StorageLayout.TRAINING_FILE), record);
    checkpoints.deleteAll();
    return record;
  }

  /**
   * The record of a staged run that finished this very training before it was interrupted, which a
   * run started again with the same id goes on from, as from a checkpoint; a record of other
   * training is refused, as a checkpoint of it is.
   */
  private static Optional<TrainingRecord> finished(FileSystem fs, Path staging, String datasetName, String version,
      NetworkSpec network, TrainingSpec training) throws IOException {
    Path file = new Path(staging, StorageLayout.TRAINING_FILE);
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    TrainingRecord record = JsonFiles.read(fs, file, TrainingRecord.class);
    if (!record.dataset().equals(datasetName) || !record.datasetVersion().equals(version)
        || !record.network().equals(network) || !record.training().equals(training)) {
      throw new UsageException("run " + staging.getName() + " was trained already, on other training ("
          + record.network() + ", " + record.training() + " on version " + record.datasetVersion() + " of '"
          + record.dataset() + "'): give a new run id");
    }
    return Optional.of(record);
  }
}
