package io.sparkdigits.spark.pipeline;

import io.sparkdigits.spark.dataset.DigitsDataset;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.metrics.EvaluationRecord;
import io.sparkdigits.core.metrics.SplitScores;
import io.sparkdigits.core.metrics.TrainingRecord;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.storage.HadoopFiles;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.spark.train.DistributedEvaluator;
import io.sparkdigits.spark.train.TaskSlots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluate: the staged model scored on the dataset's test split, on the executors, with the first
 * test images it gets wrong, for the run's report. When training left the scores of its last
 * epoch for this very model and test split ({@link FinalTestPass}), they are the evaluation;
 * otherwise the test split is scored, in one pass.
 */
public final class EvaluateStage {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateStage.class);
  private static final int BATCH_SIZE = 256;

  private final SparkSession spark;
  private final StorageLayout layout;

  public EvaluateStage(SparkSession spark, StorageLayout layout) {
    this.spark = spark;
    this.layout = layout;
  }

  public EvaluationRecord run(String runId, String datasetName) throws IOException {
    long start = System.nanoTime();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    FileSystem fs = layout.fileSystem(sc.hadoopConfiguration());
    Path staging = layout.staging(runId);
    MultiLayerNetwork model = ModelFiles.read(fs, new Path(staging, StorageLayout.MODEL_FILE));
    // the version the model was trained on, whatever was ingested since
    String version = JsonFiles.read(fs, new Path(staging, StorageLayout.TRAINING_FILE), TrainingRecord.class).datasetVersion();
    DigitsDataset dataset = DigitsDataset.open(spark, layout, datasetName, version);

    Optional<SplitScores> lastEpoch = FinalTestPass.of(fs, staging, datasetName, dataset.manifest(), model);
    if (lastEpoch.isPresent()) {
      LOG.info("Run {}: the test split's scores from the last training epoch are those of the staged model", runId);
    }
    SplitScores scores = lastEpoch.isPresent() ? lastEpoch.get()
        : scoreTestSplit(sc, model, dataset, EvaluationRecord.MISCLASSIFIED_KEPT);
    EvaluationRecord record = new EvaluationRecord(runId, DatasetManifest.TEST, scores.report(), scores.misclassified(),
        (System.nanoTime() - start) / 1e9);
    JsonFiles.write(fs, new Path(staging, StorageLayout.EVALUATION_FILE), record);
    HadoopFiles.writeAtomically(fs, new Path(staging, StorageLayout.CONFUSION_MATRIX_FILE),
        out -> out.write(scores.report().confusionMatrixCsv().getBytes(StandardCharsets.UTF_8)));
    // the evaluation holds it now; a run directory keeps no second copy
    FinalTestPass.delete(fs, staging);
    return record;
  }

  /**
   * {@code model}'s scores on the dataset's test split, in one pass on the executors, with the
   * {@code keepMisclassified} misclassified images of lowest index.
   */
  static SplitScores scoreTestSplit(JavaSparkContext sc, MultiLayerNetwork model, DigitsDataset dataset,
      int keepMisclassified) {
    try (DistributedEvaluator evaluator = new DistributedEvaluator(sc, model)) {
      return evaluator.score(dataset.minibatches(DatasetManifest.TEST, BATCH_SIZE, TaskSlots.registered(sc)),
          keepMisclassified);
    }
  }
}
