package io.sparkdigits.jobs.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How a job promotes into the model's registry: the promotion rules and the registry's lock. */
public final class PromotionOptions {
  @Option(names = "--margin", paramLabel = "ACCURACY",
      description = "How much higher a challenger's test accuracy must be than the champion's (default: ${DEFAULT-VALUE}).")
  double margin;

  @Option(names = "--floor", paramLabel = "ACCURACY",
      description = "The test accuracy the first challenger must reach to become the champion (default: ${DEFAULT-VALUE}).")
  double floor;

  @Option(names = "--lock-stale-after", paramLabel = "SECONDS",
      description = "A lock not renewed for this long belongs to a run that died (default: ${DEFAULT-VALUE}).")
  long lockStaleAfter;

  @Option(names = "--lock-wait", paramLabel = "SECONDS",
      description = "How long to wait for another run to let go of the lock (default: ${DEFAULT-VALUE}).")
  long lockWait;

  public double margin() {
    return margin;
  }

  public double floor() {
    return floor;
  }

  public Duration lockStaleAfter() {
    return Duration.ofSeconds(lockStaleAfter);
  }

  public Duration lockWait() {
    return Duration.ofSeconds(lockWait);
  }
}
