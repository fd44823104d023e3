package io.sparkdigits.spark.pipeline;

import io.sparkdigits.spark.dataset.DigitsDataset;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.metrics.EvaluationRecord;
import io.sparkdigits.core.metrics.RunMetrics;
import io.sparkdigits.core.metrics.TrainingRecord;
import io.sparkdigits.core.registry.ModelRegistry;
import io.sparkdigits.core.report.RunReport;
import io.sparkdigits.core.storage.HadoopFiles;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.core.storage.StorageLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish: the staged run, once trained and evaluated, gets its {@code metrics.json} and its
 * report, and moves to its model's {@code runs/RUN_ID} in one rename, so a reader sees a complete
 * run or none. Every published run belongs to a model; whether it becomes the champion is the
 * promote step's to decide ({@link PromoteStage}).
 */
public final class PublishStage {
  private static final Logger LOG = LoggerFactory.getLogger(PublishStage.class);

  private final SparkSession spark;
  private final StorageLayout layout;

  public PublishStage(SparkSession spark, StorageLayout layout) {
    this.spark = spark;
    this.layout = layout;
  }

  /**
   * Publishes run {@code runId}, staged under this stage's layout, into the runs of {@code model};
   * {@code earlierStages} adds the seconds of stages that left no record of their own (ingest, when
   * the pipeline ran it). Returns the run's metrics, as published.
   */
  public RunMetrics run(String runId, ModelRegistry model, Map<String, Double> earlierStages) throws IOException {
    FileSystem fs = layout.fileSystem(spark.sparkContext().hadoopConfiguration());
    Path staging = layout.staging(runId);
    Path trainingFile = new Path(staging, StorageLayout.TRAINING_FILE);
    Path evaluationFile = new Path(staging, StorageLayout.EVALUATION_FILE);
    for (Path required : new Path[] {trainingFile, evaluationFile}) {
      if (!fs.exists(required)) {
        throw new FileNotFoundException("run " + runId + " is not ready to publish: no " + required);
      }
    }
    TrainingRecord training = JsonFiles.read(fs, trainingFile, TrainingRecord.class);
    EvaluationRecord evaluation = JsonFiles.read(fs, evaluationFile, EvaluationRecord.class);
    DigitsDataset dataset = DigitsDataset.open(spark, layout, training.dataset(), training.datasetVersion());
    Path published = model.runLayout().run(runId);
    LOG.info("Publishing run {} to {}", runId, published);

    Map<String, Double> seconds = new LinkedHashMap<>(earlierStages);
    seconds.put("train", training.seconds());
    seconds.put("evaluate", evaluation.seconds());
    RunMetrics metrics = new RunMetrics(runId, Instant.now().toString(), evaluation.report(), training.epochs(),
        seconds, training.network(), training.training(), training.workers(), training.dataset(),
        dataset.manifest(), versions(), training.earlyStopping());
    JsonFiles.write(fs, new Path(staging, StorageLayout.METRICS_FILE), metrics);
    DatasetManifest manifest = dataset.manifest();
    RunReport.write(fs, new Path(staging, RunReport.DIRECTORY), metrics, evaluation.misclassified(), manifest.rows(),
        manifest.columns());

    HadoopFiles.commitDirectory(fs, staging, published);
    return metrics;
  }

  private Map<String, String> versions() {
    Map<String, String> versions = new LinkedHashMap<>();
    Properties built = new Properties();
    try (InputStream in = PublishStage.class.getResourceAsStream("/spark-digits-version.properties")) {
      built.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    built.stringPropertyNames().stream().sorted().forEach(name -> versions.put(name, built.getProperty(name)));
    versions.put("spark", spark.version());
    versions.put("java", System.getProperty("java.version"));
    return versions;
  }
}
