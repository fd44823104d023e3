package io.sparkdigits.common.pipeline;

import static org.apache.spark.sql.functions.col;

import io.sparkdigits.common.dataset.DigitsDataset;
import io.sparkdigits.common.dataset.DigitsSchema;
import io.sparkdigits.common.json.Json;
import io.sparkdigits.common.metrics.EvaluationRecord;
import io.sparkdigits.common.metrics.MisclassifiedDigit;
import io.sparkdigits.common.metrics.TrainingRecord;
import io.sparkdigits.common.predict.Predictor;
import io.sparkdigits.common.metrics.EvaluationReport;
import io.sparkdigits.common.model.ModelFiles;
import io.sparkdigits.common.storage.HadoopFiles;
import io.sparkdigits.common.storage.StorageLayout;
import io.sparkdigits.common.train.DistributedEvaluator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Evaluate: the staged model scored on the dataset's test split, on the executors, and the first
 * test images it gets wrong, for the run's report.
 */
public final class EvaluateStage {
  private static final int BATCH_SIZE = 256;
  /** How many misclassified images the record keeps: the report shows them in a grid. */
  public static final int MISCLASSIFIED_KEPT = 36;

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
    String version = Json.read(fs, new Path(staging, StorageLayout.TRAINING_FILE), TrainingRecord.class).datasetVersion();
    DigitsDataset dataset = DigitsDataset.open(spark, layout, datasetName, version);

    EvaluationReport report = scoreTestSplit(sc, model, dataset);
    EvaluationRecord record = new EvaluationRecord(runId, DigitsSchema.TEST, report,
        misclassified(model, dataset.split(DigitsSchema.TEST)), (System.nanoTime() - start) / 1e9);
    Json.write(fs, new Path(staging, StorageLayout.EVALUATION_FILE), record);
    HadoopFiles.writeAtomically(fs, new Path(staging, StorageLayout.CONFUSION_MATRIX_FILE),
        out -> out.write(report.confusionMatrixCsv().getBytes(StandardCharsets.UTF_8)));
    return record;
  }

  /** {@code model}'s scores on the dataset's test split, on the executors. */
  static EvaluationReport scoreTestSplit(JavaSparkContext sc, MultiLayerNetwork model, DigitsDataset dataset) {
    return new DistributedEvaluator(sc)
        .evaluate(model, dataset.minibatches(DigitsSchema.TEST, BATCH_SIZE, sc.defaultParallelism()));
  }

  private List<MisclassifiedDigit> misclassified(MultiLayerNetwork model, Dataset<Row> test) {
    Dataset<Row> labels = test.select(col(DigitsSchema.INDEX), col(DigitsSchema.LABEL),
        col(DigitsSchema.INDEX).cast(DataTypes.StringType).as(Predictor.ID));
    List<MisclassifiedDigit> wrong = new ArrayList<>();
    for (Row row : new Predictor(spark).predict(model, Predictor.inputOf(test)).join(labels, Predictor.ID)
        .where(col(Predictor.PREDICTED).notEqual(col(DigitsSchema.LABEL)))
        .orderBy(DigitsSchema.INDEX)
        .limit(MISCLASSIFIED_KEPT)
        .collectAsList()) {
      int predicted = row.getAs(Predictor.PREDICTED);
      List<Float> probabilities = row.getList(row.fieldIndex(Predictor.PROBABILITIES));
      wrong.add(new MisclassifiedDigit(row.getAs(DigitsSchema.INDEX), row.getAs(DigitsSchema.LABEL), predicted,
          probabilities.get(predicted)));
    }
    return wrong;
  }
}
