package io.sparkdigits.jobs.cli;

import io.sparkdigits.common.registry.PromotionPolicy;
import picocli.CommandLine.Option;

/** The model a job publishes its runs into, and the rules by which a run becomes its champion. */
public final class PromotionOptions {
  @Option(names = "--model", paramLabel = "NAME", converter = NameOption.class,
      description = "The model's name in the registry (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--margin", paramLabel = "ACCURACY",
      description = "How much higher a challenger's test accuracy must be than the champion's (default: ${DEFAULT-VALUE}).")
  double margin;

  @Option(names = "--floor", paramLabel = "ACCURACY",
      description = "The test accuracy the first challenger must reach to become the champion (default: ${DEFAULT-VALUE}).")
  double floor;

  public String model() {
    return model;
  }

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
