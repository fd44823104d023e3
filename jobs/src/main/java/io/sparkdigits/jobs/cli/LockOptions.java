package io.sparkdigits.jobs.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The model's lock, which retraining and sweeps take so that one run at a time trains a model. */
public final class LockOptions {
  @Option(names = "--lock-stale-after", paramLabel = "SECONDS",
      description = "A lock not renewed for this long belongs to a run that died (default: ${DEFAULT-VALUE}).")
  long lockStaleAfter;

  @Option(names = "--lock-wait", paramLabel = "SECONDS",
      description = "How long to wait for another run to let go of the lock (default: ${DEFAULT-VALUE}).")
  long lockWait;

  public Duration lockStaleAfter() {
    return Duration.ofSeconds(lockStaleAfter);
  }

  public Duration lockWait() {
    return Duration.ofSeconds(lockWait);
  }
}
