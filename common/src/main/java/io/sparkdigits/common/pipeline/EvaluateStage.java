package io.sparkdigits.common.pipeline;

import io.sparkdigits.common.dataset.DigitsDataset;
import io.sparkdigits.common.dataset.DigitsSchema;
import io.sparkdigits.common.json.Json;
import io.sparkdigits.common.metrics.EvaluationRecord;
import io.sparkdigits.common.metrics.EvaluationReport;
import io.sparkdigits.common.model.ModelFiles;
import io.sparkdigits.common.storage.HadoopFiles;
import io.sparkdigits.common.storage.StorageLayout;
import io.sparkdigits.common.train.DistributedEvaluator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Evaluate: the staged model scored on the dataset's test split, on the executors. */
public final class EvaluateStage {
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
    DigitsDataset dataset = DigitsDataset.open(spark, layout, datasetName);

    EvaluationReport report = new DistributedEvaluator(sc)
        .evaluate(model, dataset.minibatches(DigitsSchema.TEST, BATCH_SIZE, sc.defaultParallelism()));
    EvaluationRecord record = new EvaluationRecord(runId, DigitsSchema.TEST, report, (System.nanoTime() - start) / 1e9);
    Json.write(fs, new Path(staging, StorageLayout.EVALUATION_FILE), record);
    HadoopFiles.writeAtomically(fs, new Path(staging, StorageLayout.CONFUSION_MATRIX_FILE),
        out -> out.write(report.confusionMatrixCsv().getBytes(StandardCharsets.UTF_8)));
    return record;
  }
}
