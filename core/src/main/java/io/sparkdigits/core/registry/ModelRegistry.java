package io.sparkdigits.core.registry;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.metrics.RunMetrics;
import io.sparkdigits.core.storage.HadoopFiles;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.core.storage.NumberedLog;
import io.sparkdigits.core.storage.ProcessOwner;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.core.storage.StorageName;
import java.io.IOException;
import java.time.Duration;
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
 *
 * <p>A promotion is a compare-and-swap, the way table formats commit: decided against champion
 * number N, it may only create number N + 1 ({@link NumberedLog#appendAfter}), and names the run it
 * replaces. When N + 1 exists already, another promotion got in first: the new champion is read and
 * the decision taken again. So the log stays one chain, each promotion decided against its true
 * predecessor, whatever the retraining lock does. That needs a store with an atomic exclusive create
 * ({@link HadoopFiles#requireAtomicExclusiveCreate}); on any other the registry refuses to promote.
 *
 * <p>Deleting old runs ({@link #retain}) and a rollback to an old run ({@link #rollBackTo}) would
 * undo each other: a rollback that checks its run is there while a retraining deletes it would make
 * a deleted run the champion. So both hold the model's retention lock, for the seconds they take;
 * a retraining holds it only while it deletes, so a rollback need not wait for a training to end.
 */
public final class ModelRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
  /** How often a promotion may find another got in first before it gives up. */
  private static final int MAX_ATTEMPTS = 10;

  /**
   * A published run as the registry lists it: its test accuracy (NaN without metrics), the network
   * it trained in the layer language (null without metrics), and the decision about it.
   */
  public record RunSummary(String runId, double testAccuracy, String network, Optional<Decision> decision) {}

  /** What retraining decides about a run, against the champion as it is now (empty: the model has none). */
  @FunctionalInterface
  public interface Judge {
    Decision decide(Optional<Champion> champion) throws IOException;
  }

  private final FileSystem fs;
  private final StorageLayout layout;
  private final String name;
  private final NumberedLog<Promotion> pointers;

  public ModelRegistry(FileSystem fs, StorageLayout layout, String name) {
    this.fs = fs;
    this.layout = layout;
    this.name = name;
    this.pointers = new NumberedLog<>(fs, layout.championLog(name), Promotion.class);
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
    return currentChampion().map(champion -> runLayout().run(champion.runId()));
  }

  public Optional<Promotion> championPromotion() throws IOException {
    return currentChampion().map(Champion::promotion);
  }

  /** The champion as the pointer log has it now, with its number there. */
  public Optional<Champion> currentChampion() throws IOException {
    return pointers.latest().map(ModelRegistry::champion);
  }

  /** Every promotion, oldest first. */
  public List<Promotion> promotions() throws IOException {
    return pointers.history().stream().map(NumberedLog.Entry::value).toList();
  }

  /** Every promotion with its number in the pointer log, oldest first: each the champion in its time. */
  public List<Champion> championHistory() throws IOException {
    return pointers.history().stream().map(ModelRegistry::champion).toList();
  }

  /**
   * Takes the lock that spares the model a second retraining (or sweep) at the same time, for
   * {@code owner}: waits up to {@code waitFor} for another run to let go of it, and takes it over
   * from one silent for {@code staleAfter} ({@link RegistryLock}).
   */
  public RegistryLock retrainingLock(ProcessOwner owner, Duration staleAfter, Duration waitFor)
      throws IOException, InterruptedException {
    return RegistryLock.acquire(fs, layout.lock(name), "being retrained", owner, staleAfter, waitFor);
  }

  /**
   * Takes the retention lock for {@code owner}. Its holders keep it for seconds, so it waits as long
   * as a holder may stay silent before it counts as dead.
   */
  private RegistryLock retentionLock(ProcessOwner owner, Duration staleAfter) throws IOException, InterruptedException {
    return RegistryLock.acquire(fs, layout.retentionLock(name), "having old runs deleted or rolled back to", owner,
        staleAfter, staleAfter);
  }

  /**
   * Refuses, with a one-line {@link UsageException} naming the store, a registry on a store
   * where a promotion cannot be a compare-and-swap.
   */
  public void requirePromotable() {
    HadoopFiles.requireAtomicExclusiveCreate(fs, notPromotable());
  }

  /** True when the registry's store lets a promotion be a compare-and-swap. */
  public boolean promotable() {
    return HadoopFiles.hasAtomicExclusiveCreate(fs);
  }

  private String notPromotable() {
    return "model " + name + " cannot be promoted there safely; keep the registry on HDFS or a local filesystem";
  }

  /**
   * Decides about published run {@code runId} against the champion as it is now, carries the
   * decision out and records it: a promotion follows only the champion it was decided against, and
   * when another promotion got in first, {@code judge} decides again against the new champion.
   * Returns the decision taken.
   */
  public Decision decideAndPromote(String runId, double testAccuracy, Judge judge) throws IOException {
    requirePromotable();
    List<Decision> decisions = new ArrayList<>();
    updateChampion(runId, champion -> {
      if (!decisions.isEmpty()) {
        LOG.warn("Another run became the champion of model {} while run {} was deciding: deciding again against it",
            name, runId);
      }
      Decision decision = judge.decide(champion);
      decisions.add(decision);
      return decision.outcome() == Decision.Outcome.PROMOTED
          ? Optional.of(promotion(champion, runId, testAccuracy, decision.reason())) : Optional.empty();
    });
    Decision decision = decisions.get(decisions.size() - 1);
    recordDecision(decision);
    return decision;
  }

  /**
   * Makes published run {@code runId} the champion again, whatever the champion is now (a rollback by
   * hand, by {@code owner}): appended after the newest promotion, read again when another promotion
   * gets in first. Under the retention lock, taken over from a holder silent for {@code lockStaleAfter}.
   */
  public void rollBackTo(String runId, String reason, ProcessOwner owner, Duration lockStaleAfter)
      throws IOException, InterruptedException {
    requirePromotable();
    try (RegistryLock lock = retentionLock(owner, lockStaleAfter)) {
      double accuracy = run(runId).map(RunSummary::testAccuracy)
          .orElseThrow(() -> new UsageException("model " + name + " has no published run " + runId));
      updateChampion(runId, champion -> Optional.of(promotion(champion, runId, accuracy, reason)));
    }
  }

  /**
   * What a promotion makes of the champion as it is now (empty: the model has none): the promotion
   * to append, or none.
   */
  @FunctionalInterface
  private interface NextPromotion {
    Optional<Promotion> after(Optional<Champion> champion) throws IOException;
  }

  /**
   * Appends the promotion of run {@code runId} that {@code next} makes of the champion, made again
   * against the new champion each time another promotion got in first, {@value #MAX_ATTEMPTS} times at most.
   */
  private void updateChampion(String runId, NextPromotion next) throws IOException {
    try {
      pointers.update(MAX_ATTEMPTS, latest -> next.after(latest.map(ModelRegistry::champion)))
          .ifPresent(entry -> logPromoted(champion(entry)));
    } catch (NumberedLog.ContendedException e) {
      throw new IllegalStateException("run " + runId + " of model " + name + " was not promoted: another promotion"
          + " got in first " + MAX_ATTEMPTS + " times", e);
    }
  }

  /**
   * Makes published run {@code runId} the champion in place of {@code replaced} (empty: the model
   * had none): appends the promotion numbered after it, naming its run. False, with nothing
   * written, when another promotion took that number first. One step of {@link #updateChampion}.
   */
  boolean promote(Optional<Champion> replaced, String runId, double testAccuracy, String reason) throws IOException {
    Promotion promotion = promotion(replaced, runId, testAccuracy, reason);
    long number = replaced.map(Champion::number).orElse(0L) + 1;
    boolean promoted = pointers.appendAfter(number - 1, promotion);
    if (promoted) {
      logPromoted(new Champion(number, promotion));
    }
    return promoted;
  }

  /**
   * The promotion of published run {@code runId} in place of {@code replaced}; refused for a run
   * not published whole.
   */
  private Promotion promotion(Optional<Champion> replaced, String runId, double testAccuracy, String reason)
      throws IOException {
    Path run = runLayout().run(runId);
    for (String file : List.of(StorageLayout.MODEL_FILE, StorageLayout.METRICS_FILE)) {
      if (!fs.exists(new Path(run, file))) {
        throw new UsageException("run " + runId + " of model " + name + " is not published (no "
            + new Path(run, file) + ")");
      }
    }
    return new Promotion(runId, Instant.now().toString(), testAccuracy, reason,
        replaced.map(Champion::runId).orElse(null));
  }

  private void logPromoted(Champion champion) {
    LOG.info("Run {} is the champion of model {} (promotion {}): {}", champion.runId(), name, champion.number(),
        champion.promotion().reason());
  }

  private static Champion champion(NumberedLog.Entry<Promotion> entry) {
    return new Champion(entry.number(), entry.value());
  }

  public void recordDecision(Decision decision) throws IOException {
    JsonFiles.write(fs, layout.decision(name, decision.runId()), decision);
  }

  public Optional<Decision> decision(String runId) throws IOException {
    Path file = layout.decision(name, runId);
    return fs.exists(file) ? Optional.of(JsonFiles.read(fs, file, Decision.class)) : Optional.empty();
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
    RunMetrics read = fs.exists(metrics) ? JsonFiles.read(fs, metrics, RunMetrics.class) : null;
    return new RunSummary(runId, read == null ? Double.NaN : read.test().accuracy(),
        read == null || read.network() == null ? null : read.network().architecture().describe(), decision(runId));
  }

  /**
   * Deletes the published runs older than the newest {@code keep}, except the champion, for {@code
   * owner} under the retention lock (taken over from a holder silent for {@code lockStaleAfter}).
   * Returns the deleted ids. Earlier champions go too: a rollback can return only to a run still kept.
   */
  public List<String> retain(int keep, ProcessOwner owner, Duration lockStaleAfter)
      throws IOException, InterruptedException {
    try (RegistryLock lock = retentionLock(owner, lockStaleAfter)) {
      List<String> ids = runIds();
      Optional<String> champion = currentChampion().map(Champion::runId);
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
  }

  /** The ids of the published runs: a folder put there by hand whose name is no run id is none of them. */
  private List<String> runIds() throws IOException {
    return HadoopFiles.list(fs, runLayout().runs(), HadoopFiles.VISIBLE).stream()
        .filter(FileStatus::isDirectory).map(status -> status.getPath().getName())
        .filter(StorageName::isValid)
        .toList();
  }
}
