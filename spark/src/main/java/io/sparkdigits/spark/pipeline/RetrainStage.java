package io.sparkdigits.spark.pipeline;

import io.sparkdigits.spark.dataset.DigitsDataset;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.registry.Decision;
import io.sparkdigits.core.registry.Decision.Outcome;
import io.sparkdigits.core.registry.Fingerprints;
import io.sparkdigits.core.registry.ModelRegistry;
import io.sparkdigits.core.registry.Promotion;
import io.sparkdigits.core.registry.PromotionPolicy;
import io.sparkdigits.core.registry.RegistryLock;
import io.sparkdigits.core.storage.HadoopFiles;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.core.storage.ProcessOwner;
import io.sparkdigits.core.storage.StorageLayout;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrain: one scheduled run of a model's registry. Under the model's lock, it ingests the newest
 * input, skips when neither the data nor the configuration changed since the champion was trained,
 * and otherwise runs the plan of a challenger ({@link RunLifecycle}): train (continuing an
 * interrupted one of the same data and configuration from where it stopped), evaluate, publish,
 * and promote by the registry's rules against the champion scored on the same test split; then it
 * deletes runs beyond the retention.
 */
public final class RetrainStage {
  private static final Logger LOG = LoggerFactory.getLogger(RetrainStage.class);

  /** What to retrain on, and how to decide. {@code ingest} null: the dataset as already ingested. */
  public record Settings(
      String model,
      String dataset,
      RunPlan.Ingest ingest,
      NetworkSpec network,
      TrainingSpec training,
      boolean scoreTestEachEpoch,
      double margin,
      double floor,
      boolean force,
      int keep,
      Duration lockStaleAfter,
      Duration lockWait) {}

  private final SparkSession spark;
  private final StorageLayout layout;

  public RetrainStage(SparkSession spark, StorageLayout layout) {
    this.spark = spark;
    this.layout = layout;
  }

  public Decision run(Settings settings) throws IOException, InterruptedException {
    FileSystem fs = layout.fileSystem(spark.sparkContext().hadoopConfiguration());
    ModelRegistry registry = new ModelRegistry(fs, layout, settings.model());
    StorageLayout runs = registry.runLayout();
    // this attempt's id: the challenger's run id, unless it continues an interrupted one
    String attempt = StorageLayout.newId();
    // refused before anything is trained
    registry.requirePromotable();
    // The lock spares a second training; promotions are safe without it (see decideAndPromote).
    try (RegistryLock lock = registry.retrainingLock(ProcessOwner.current(attempt), settings.lockStaleAfter(),
        settings.lockWait())) {
      RunLifecycle lifecycle = new RunLifecycle(spark, runs, RunLifecycle.Listener.SILENT);
      if (settings.ingest() != null) {
        lifecycle.run(null, RunPlan.of(settings.dataset(), settings.model()).ingesting(settings.ingest()));
      }
      DigitsDataset dataset = DigitsDataset.open(spark, layout, settings.dataset());
      Fingerprints fingerprints = Fingerprints.of(dataset.manifest().contentFingerprint(), settings.dataset(),
          settings.network(), settings.training());

      Optional<Promotion> champion = registry.championPromotion();
      Optional<Fingerprints> championTrainedOn = champion.isEmpty() ? Optional.empty()
          : trainedOn(fs, registry, champion.get().runId());
      if (!settings.force() && championTrainedOn.equals(Optional.of(fingerprints))) {
        Decision skipped = new Decision(attempt, Outcome.SKIPPED,
            "neither the data nor the configuration changed since champion " + champion.get().runId()
                + " was trained", Instant.now().toString(), champion.get().runId(), champion.get().testAccuracy(),
            Double.NaN, settings.margin(), fingerprints.data(), fingerprints.configuration());
        registry.recordDecision(skipped);
        return skipped;
      }

      String runId = interruptedRun(fs, runs, fingerprints).orElse(attempt);
      JsonFiles.write(fs, new Path(runs.staging(runId), Fingerprints.FILE), fingerprints);
      // the version the champion is scored on and the fingerprints name, whatever is ingested meanwhile
      Decision decision = lifecycle.run(runId, RunPlan.of(settings.dataset(), settings.model())
          .training(new RunPlan.Train(dataset.version(), settings.network(), settings.training(),
              settings.scoreTestEachEpoch()))
          .evaluating()
          .publishing()
          .promoting(new RunPlan.Promote(new PromotionPolicy(settings.margin(), settings.floor()), fingerprints)))
          .decision();
      if (settings.keep() > 0) {
        ProcessOwner owner = ProcessOwner.current(runId);
        for (String deleted : registry.retain(settings.keep(), owner, settings.lockStaleAfter())) {
          LOG.info("Deleted run {} of model {}: beyond the newest {}", deleted, settings.model(), settings.keep());
        }
      }
      return decision;
    }
  }

  /**
   * The newest run of this model that was interrupted while training the same data with the same
   * configuration. The others are deleted: only the holder of the lock stages runs, so they are
   * dead, and no later run could continue them.
   */
  private static Optional<String> interruptedRun(FileSystem fs, StorageLayout runs, Fingerprints fingerprints)
      throws IOException {
    List<Path> staged = new ArrayList<>(HadoopFiles.list(fs, runs.stagingArea(), HadoopFiles.VISIBLE).stream()
        .map(FileStatus::getPath).toList());
    Collections.reverse(staged);
    Optional<String> continued = Optional.empty();
    for (Path staging : staged) {
      if (continued.isEmpty() && fingerprints.equals(Fingerprints.in(fs, staging))) {
        LOG.info("Continuing run {}, which was interrupted", staging.getName());
        continued = Optional.of(staging.getName());
      } else {
        LOG.info("Deleting run {}, interrupted while training other data or configuration", staging.getName());
        fs.delete(staging, true);
      }
    }
    return continued;
  }

  /**
   * What published run {@code runId} was trained on: the fingerprints its directory holds, else
   * those of its decision (a run the pipeline published, or one published by an earlier version).
   * A run's own are read first since its decision is recorded after its promotion: a retraining
   * killed between the two leaves a champion without one.
   */
  private static Optional<Fingerprints> trainedOn(FileSystem fs, ModelRegistry registry, String runId)
      throws IOException {
    Fingerprints own = Fingerprints.in(fs, registry.runLayout().run(runId));
    return own != null ? Optional.of(own) : registry.decision(runId).map(Fingerprints::of);
  }
}
