package io.sparkdigits.serve;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one run ({@code --run}) and never changes it. Every poll interval it looks whether the run
 * is still in storage: retention deletes old runs, and a server whose run is gone keeps answering
 * from the model it loaded but could not be started again, so {@code /healthz} says so (see
 * docs/serving.md) and the log says it once.
 */
final class FixedRun implements ModelSource {
  private static final Logger LOG = LoggerFactory.getLogger(FixedRun.class);

  private final String runId;
  private final ModelLoader loader;
  private final RunFolders runs;
  private final ServerMetrics metrics;
  private final Duration pollInterval;
  private final Poller poller;
  private volatile ServedModel served;
  private volatile boolean gone;
  /** Touched by the poller thread only: a storage that cannot be read is said once, not at every poll. */
  private String lastProblem;

  FixedRun(String runId, ModelLoader loader, RunFolders runs, ServerMetrics metrics, Duration pollInterval) {
    this.runId = runId;
    this.loader = loader;
    this.runs = runs;
    this.metrics = metrics;
    this.pollInterval = pollInterval;
    this.poller = new Poller("run-watcher-" + runId);
  }

  /** Loads the run, failing with the file and the reason when it cannot be served, then watches that it stays. */
  @Override
  public void start() throws IOException {
    ServedModel model = loader.load(runId, null);
    metrics.swappedTo(model);
    served = model;
    poller.every(pollInterval, this::checkRunIsThere);
  }

  @Override
  public Optional<ServedModel> current() {
    return Optional.ofNullable(served);
  }

  @Override
  public boolean followsChampion() {
    return false;
  }

  @Override
  public boolean servedRunGone() {
    return gone;
  }

  private void checkRunIsThere() {
    boolean there;
    try {
      there = runs.find(runId).isPresent();
      lastProblem = null;
    } catch (IOException | RuntimeException e) {
      if (!e.toString().equals(lastProblem)) {
        LOG.warn("Cannot tell whether run {} is still in storage: {}", runId, e.toString());
        lastProblem = e.toString();
      }
      return;
    }
    boolean wasGone = gone;
    gone = !there;
    if (gone && !wasGone) {
      LOG.error("Run {}, served with --run, is no longer in storage (deleted by retention?): still answering with"
          + " the model loaded at {}, but /healthz answers 503 run-gone and the server cannot be started again on"
          + " it", runId, served.loadedAt());
    } else if (wasGone && !gone) {
      LOG.info("Run {} is back in storage", runId);
    }
  }

  @Override
  public void close() {
    poller.close();
  }
}
