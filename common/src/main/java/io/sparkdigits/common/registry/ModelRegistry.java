package io.sparkdigits.common.registry;

import io.sparkdigits.common.json.Json;
import io.sparkdigits.common.metrics.RunMetrics;
import io.sparkdigits.common.storage.HadoopFiles;
import io.sparkdigits.common.storage.StorageLayout;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of one model under the storage root: its published runs, immutable; the decisions
 * retraining took about them; and its champion, the run that downstream readers use, which moves
 * only by appending to the champion pointer log. A reader resolves the champion to one complete
 * run ({@link #champion()}); a promotion names only a run that is already published whole.
 */
public final class ModelRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  /** A published run as the registry lists it. */
  public record RunSummary(String runId, double testAccuracy, Optional<Decision> decision) {}

  private final FileSystem fs;
  private final StorageLayout layout;
  private final String name;
  private final ChampionLog championLog;

  public ModelRegistry(FileSystem fs, StorageLayout layout, String name) {
    this.fs = fs;
    this.layout = layout;
    this.name = name;
    this.championLog = new ChampionLog(fs, layout.championLog(name));
  }

  public String name() {
    return name;
  }

  /** Where this model's runs are staged and published. */
  public StorageLayout runLayout() {
    return layout.forModel(name);
  }

  /** The champion's run directory, if the model has one. */
  public Optional<Path> champion() throws IOException {
    Optional<Promotion> promotion = championLog.champion();
    return promotion.isEmpty() ? Optional.empty() : Optional.of(runLayout().run(promotion.get().runId()));
  }

  public Optional<Promotion> championPromotion() throws IOException {
    return championLog.champion();
  }

  /** Every promotion, oldest first. */
  public List<Promotion> promotions() throws IOException {
    return championLog.history();
  }

  /**
   * Makes published run {@code runId} the champion. False when another promotion got in first,
   * which the lock is there to prevent.
   */
  public boolean promote(String runId, double testAccuracy, String reason) throws IOException {
    Path run = runLayout().run(runId);
    for (String file : List.of(StorageLayout.MODEL_FILE, StorageLayout.METRICS_FILE)) {
      if (!fs.exists(new Path(run, file))) {
        throw new IllegalArgumentException("run " + runId + " of model " + name + " is not published (no "
            + new Path(run, file) + ")");
      }
    }
    boolean promoted = championLog.append(new Promotion(runId, Instant.now().toString(), testAccuracy, reason));
    if (promoted) {
      LOG.info("Run {} is the champion of model {}: {}", runId, name, reason);
    }
    return promoted;
  }

  public void recordDecision(Decision decision) throws IOException {
    Json.write(fs, layout.decision(name, decision.runId()), decision);
  }

  public Optional<Decision> decision(String runId) throws IOException {
    Path file = layout.decision(name, runId);
    return fs.exists(file) ? Optional.of(Json.read(fs, file, Decision.class)) : Optional.empty();
  }

  /** The published runs, oldest first (run ids sort by time). */
  public List<RunSummary> runs() throws IOException {
    List<RunSummary> runs = new ArrayList<>();
    for (String runId : runIds()) {
      runs.add(summary(runId));
    }
    return runs;
  }

  /** Published run {@code runId}, if the model has it. */
  public Optional<RunSummary> run(String runId) throws IOException {
    return fs.exists(runLayout().run(runId)) ? Optional.of(summary(runId)) : Optional.empty();
  }

  private RunSummary summary(String runId) throws IOException {
    Path metrics = new Path(runLayout().run(runId), StorageLayout.METRICS_FILE);
    double accuracy = fs.exists(metrics) ? Json.read(fs, metrics, RunMetrics.class).test().accuracy() : Double.NaN;
    return new RunSummary(runId, accuracy, decision(runId));
  }

  /**
   * Deletes the published runs older than the newest {@code keep}, except the champion. Returns
   * the deleted ids. Earlier champions go too: a rollback can return only to a run still kept.
   */
  public List<String> retain(int keep) throws IOException {
    List<String> ids = runIds();
    Optional<String> champion = championLog.champion().map(Promotion::runId);
    List<String> deleted = new ArrayList<>();
    for (String runId : ids.subList(0, Math.max(0, ids.size() - keep))) {
      if (!champion.equals(Optional.of(runId))) {
        // the run's directory goes first: a reader never finds a decision about a run half deleted
        fs.delete(runLayout().run(runId), true);
        fs.delete(layout.decision(name, runId), false);
        deleted.add(runId);
      }
    }
    return deleted;
  }

  private List<String> runIds() throws IOException {
    return HadoopFiles.list(fs, runLayout().runs(), HadoopFiles.VISIBLE).stream()
        .filter(FileStatus::isDirectory).map(status -> status.getPath().getName())
        .toList();
  }
}
