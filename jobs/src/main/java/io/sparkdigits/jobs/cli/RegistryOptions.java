package io.sparkdigits.jobs.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The model's registry a job promotes into, and its promotion rules and lock. */
public final class RegistryOptions {
  @Option(names = "--model", paramLabel = "NAME", converter = NameOption.class,
      description = "The model's name in the registry (default: ${DEFAULT-VALUE}).")
  String model;

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

  public String model() {
    return model;
  }

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
