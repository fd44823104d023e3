package io.sparkdigits.serve;

import java.io.IOException;
import java.util.Optional;

/** Serves one run ({@code --run}) and never changes it. */
final class FixedRun implements ModelSource {
  private final String runId;
  private final ModelLoader loader;
  private final ServerMetrics metrics;
  private volatile ServedModel served;

  FixedRun(String runId, ModelLoader loader, ServerMetrics metrics) {
    this.runId = runId;
    this.loader = loader;
    this.metrics = metrics;
  }

  /** Loads the run, failing with the file and the reason when it cannot be served. */
  @Override
  public void start() throws IOException {
    ServedModel model = loader.load(runId, null);
    metrics.swappedTo(model);
    served = model;
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
  public void close() {}
}
