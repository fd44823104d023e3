package io.sparkdigits.jobs.cli;

import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The model's registry a job promotes into, its promotion rules, and the lock retraining and sweeps take. */
public final class RegistryOptions {
  @Mixin PromotionOptions promotion;

  @Option(names = "--lock-stale-after", paramLabel = "SECONDS",
      description = "A lock not renewed for this long belongs to a run that died (default: ${DEFAULT-VALUE}).")
  long lockStaleAfter;

  @Option(names = "--lock-wait", paramLabel = "SECONDS",
      description = "How long to wait for another run to let go of the lock (default: ${DEFAULT-VALUE}).")
  long lockWait;

  public String model() {
    return promotion.model();
  }

  public double margin() {
    return promotion.margin();
  }

  public double floor() {
    return promotion.floor();
  }

  public Duration lockStaleAfter() {
    return Duration.ofSeconds(lockStaleAfter);
  }

  public Duration lockWait() {
    return Duration.ofSeconds(lockWait);
  }
}
