package io.sparkdigits.jobs.cli;

import io.sparkdigits.core.registry.PromotionPolicy;
import picocli.CommandLine.Option;

/** The rules by which a job's run becomes its model's champion. */
public final class PromotionOptions {
  @Option(names = "--margin", paramLabel = "ACCURACY",
      description = "How much higher a challenger's test accuracy must be than the champion's (default: ${DEFAULT-VALUE}).")
  double margin;

  @Option(names = "--floor", paramLabel = "ACCURACY",
      description = "The test accuracy the first challenger must reach to become the champion (default: ${DEFAULT-VALUE}).")
  double floor;

  public double margin() {
    return margin;
  }

  public double floor() {
    return floor;
  }

  public PromotionPolicy policy() {
    return new PromotionPolicy(margin, floor);
  }
}
