package io.sparkdigits.spark.pipeline;

import io.sparkdigits.core.metrics.EvaluationRecord;
import io.sparkdigits.core.metrics.RunMetrics;
import io.sparkdigits.core.metrics.TrainingRecord;
import io.sparkdigits.core.registry.Decision;
import io.sparkdigits.core.registry.Fingerprints;
import io.sparkdigits.core.registry.ModelRegistry;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.spark.dataset.DatasetAugmentation;
import io.sparkdigits.spark.dataset.DatasetWriter;
import io.sparkdigits.spark.dataset.DigitsDataset;
import io.sparkdigits.spark.dataset.IdxIngestion;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The one runner of every job's steps: a {@link RunPlan}'s ingest, augment, train, evaluate,
 * publish and promote, in that order, each by its stage, each result passed to the next step and
 * to a {@link Listener} that tells the user. A run is staged under this runner's layout: the
 * storage root for the pipeline and the single-step jobs, a model's folder for retraining and
 * sweeps ({@link StorageLayout#forModel}), which stage only under the model's lock.
 */
public final class RunLifecycle {
  /** Hears of every step as it ends; each method's default hears nothing. */
  public interface Listener {
    Listener SILENT = new Listener() {};

    default void ingested(DatasetWriter.Result result) {}

    default void augmented(String into, DatasetWriter.Result result) {}

    default void trained(TrainingRecord record) {}

    default void evaluated(EvaluationRecord record) {}

    default void published(Path run, RunMetrics metrics) {}

    /** The plan promotes, and the store has no atomic exclusive create to promote with (S3). */
    default void notPromotable(Path root, String runId) {}

    default void decided(Decision decision) {}
  }

  /** What the steps that ran made; the others' are null. */
  public record Outcome(DatasetWriter.Result ingested, DatasetWriter.Result augmented, TrainingRecord training,
      EvaluationRecord evaluation, RunMetrics published, Decision decision) {}

  private final SparkSession spark;
  private final StorageLayout layout;
  private final Listener listener;

  public RunLifecycle(SparkSession spark, StorageLayout layout, Listener listener) {
    this.spark = spark;
    this.layout = layout;
    this.listener = listener;
  }

  /** Runs {@code plan}'s steps on run {@code runId} (null when the plan has no step that works on a run). */
  public Outcome run(String runId, RunPlan plan) throws IOException {
    if (plan.hasRun()) {
      Objects.requireNonNull(runId, "a plan that trains, evaluates, publishes or promotes needs a run id");
    }
    FileSystem fs = layout.fileSystem(spark.sparkContext().hadoopConfiguration());
    // the seconds of the steps that leave no record of their own, for the published metrics
    Map<String, Double> seconds = new LinkedHashMap<>();
    // the version that training reads, when this plan wrote it
    String written = null;

    DatasetWriter.Result ingested = null;
    if (plan.ingest() != null) {
      long start = System.nanoTime();
      RunPlan.Ingest step = plan.ingest();
      ingested = new IdxIngestion(spark, layout).ingest(plan.dataset(), step.sources(), step.numClasses(),
          step.validation());
      seconds.put("ingest", secondsSince(start));
      written = ingested.version();
      listener.ingested(ingested);
    }
    DatasetWriter.Result augmented = null;
    if (plan.augment() != null) {
      long start = System.nanoTime();
      augmented = new DatasetAugmentation(spark, layout).augment(plan.dataset(), plan.augment().into(),
          plan.augment().spec());
      seconds.put("augment", secondsSince(start));
      written = augmented.version();
      listener.augmented(plan.augment().into(), augmented);
    }
    TrainingRecord training = null;
    if (plan.train() != null) {
      RunPlan.Train step = plan.train();
      training = new TrainStage(spark, layout).trainingOn(step.table()).run(runId, plan.trainedOn(),
          step.datasetVersion() != null ? step.datasetVersion() : written, step.network(), step.training(),
          step.scoreTestEachEpoch());
      listener.trained(training);
    }
    EvaluationRecord evaluation = null;
    if (plan.evaluate()) {
      evaluation = new EvaluateStage(spark, layout).run(runId, plan.trainedOn());
      listener.evaluated(evaluation);
    }
    ModelRegistry registry = plan.publish() || plan.promote() != null ? new ModelRegistry(fs, layout, plan.model())
        : null;
    RunMetrics published = null;
    if (plan.publish()) {
      published = new PublishStage(spark, layout).run(runId, registry, seconds);
      listener.published(registry.runLayout().run(runId), published);
    }
    Decision decision = null;
    if (plan.promote() != null) {
      RunMetrics metrics = published != null ? published
          : JsonFiles.read(fs, new Path(registry.runLayout().run(runId), StorageLayout.METRICS_FILE), RunMetrics.class);
      if (registry.promotable()) {
        decision = promote(registry, runId, metrics, plan.promote());
        listener.decided(decision);
      } else {
        listener.notPromotable(layout.root(), runId);
      }
    }
    return new Outcome(ingested, augmented, training, evaluation, published, decision);
  }

  /** The promotion of published run {@code runId}: the champion is scored on the split the run was evaluated on. */
  private Decision promote(ModelRegistry registry, String runId, RunMetrics metrics, RunPlan.Promote step)
      throws IOException {
    DigitsDataset dataset = DigitsDataset.open(spark, layout, metrics.dataset(), metrics.data().version());
    Fingerprints fingerprints = step.fingerprints() != null ? step.fingerprints()
        : Fingerprints.of(dataset.manifest().contentFingerprint(), metrics.dataset(), metrics.network(),
            metrics.training());
    return new PromoteStage(spark).run(registry, runId, metrics.test().accuracy(), dataset, step.policy(),
        fingerprints);
  }

  private static double secondsSince(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
