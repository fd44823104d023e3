package io.sparkdigits.serve;

import io.sparkdigits.core.registry.Champion;
import io.sparkdigits.core.registry.ModelRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the champion of a model: reads the registry's pointer log every poll interval, on a
 * thread of its own, and when its newest entry names another run (a promotion, or a rollback),
 * loads and checks that run beside the model being served, then swaps it in with one atomic write.
 * Requests never wait for a load, and each takes the model once: none is answered half by one
 * model and half by the other.
 *
 * <p>A run that cannot be loaded, or fails its checks, is logged once and the model served before
 * stays; the load is tried again after a back-off that doubles up to {@link #LONGEST_RETRY} (a
 * storage hiccup heals by itself), and at once when a newer promotion appears.
 */
final class ChampionWatcher implements ModelSource {
  private static final Logger LOG = LoggerFactory.getLogger(ChampionWatcher.class);
  static final Duration LONGEST_RETRY = Duration.ofMinutes(5);

  /** A champion that could not be loaded, and when to try again. */
  private record Failure(long number, int attempts, Instant retryAt) {}

  private final ModelRegistry registry;
  private final ModelLoader loader;
  private final ServerMetrics metrics;
  private final Duration pollInterval;
  private final AtomicReference<ServedModel> served = new AtomicReference<>();
  private final Poller poller;
  /** Touched by the poller thread only, after the first poll. */
  private final Map<String, Failure> failures = new HashMap<>();
  private final Set<String> registryProblems = new HashSet<>();

  ChampionWatcher(ModelRegistry registry, ModelLoader loader, ServerMetrics metrics, Duration pollInterval) {
    this.registry = registry;
    this.loader = loader;
    this.metrics = metrics;
    this.pollInterval = pollInterval;
    this.poller = new Poller("champion-watcher-" + registry.name());
  }

  /** Loads the champion now (a champion that cannot be loaded is retried, see above), then keeps following it. */
  @Override
  public void start() {
    poll();
    poller.every(pollInterval, this::poll);
  }

  @Override
  public Optional<ServedModel> current() {
    return Optional.ofNullable(served.get());
  }

  @Override
  public boolean followsChampion() {
    return true;
  }

  /** One look at the pointer log; never throws, so that the schedule goes on. */
  void poll() {
    try {
      Optional<Champion> newest = registry.currentChampion();
      registryProblems.clear();
      newest.ifPresent(this::follow);
    } catch (Throwable e) {
      // said once per distinct problem: a store that is down for an hour logs one line, not 1,800
      if (registryProblems.add(String.valueOf(e.getMessage()))) {
        LOG.warn("Cannot read the champion of model {}: {}; still serving {}", registry.name(), e.toString(),
            current().map(ServedModel::runId).orElse("nothing"));
      }
    }
  }

  private void follow(Champion champion) {
    ServedModel now = served.get();
    if (now != null && now.champion().map(Champion::number).orElse(0L) == champion.number()) {
      return;
    }
    if (now != null && now.runId().equals(champion.runId())) {
      // a rollback to the run being served: the same network, promoted again
      served.set(now.promotedBy(champion));
      LOG.info("Run {} of model {} is the champion again (promotion {}): {}", champion.runId(), registry.name(),
          champion.number(), champion.promotion().reason());
      return;
    }
    Failure failed = failures.get(champion.runId());
    if (failed != null && failed.number() == champion.number() && Instant.now().isBefore(failed.retryAt())) {
      return;
    }
    ServedModel next;
    try {
      next = loader.load(champion.runId(), champion);
    } catch (Exception | OutOfMemoryError e) {
      metrics.loadFailed();
      int attempts = failed == null ? 1 : failed.attempts() + 1;
      Duration wait = backOff(attempts);
      failures.put(champion.runId(), new Failure(champion.number(), attempts, Instant.now().plus(wait)));
      if (failed == null) {
        LOG.error("Run {}, champion of model {} (promotion {}), cannot be served: {}. Still serving {}; trying"
            + " again in {} s, and at the next promotion", champion.runId(), registry.name(), champion.number(),
            e.getMessage() == null ? e.toString() : e.getMessage(),
            now == null ? "nothing" : "run " + now.runId(), String.format("%.1f", wait.toMillis() / 1000.0));
      } else {
        LOG.debug("Run {} still cannot be served (attempt {})", champion.runId(), attempts, e);
      }
      return;
    }
    failures.remove(champion.runId());
    served.set(next);
    metrics.swappedTo(next);
    LOG.info("Serving run {} of model {} (promotion {}: {}){}", next.runId(), registry.name(), champion.number(),
        champion.promotion().reason(), now == null ? "" : ", in place of run " + now.runId());
  }

  private Duration backOff(int attempts) {
    Duration wait = pollInterval.multipliedBy(1L << Math.min(attempts, 20));
    return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
  }

  @Override
  public void close() {
    poller.close();
  }
}
