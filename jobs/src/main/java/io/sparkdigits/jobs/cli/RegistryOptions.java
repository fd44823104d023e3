package io.sparkdigits.jobs.cli;

import picocli.CommandLine.Option;

/** The model of the registry a job reads or promotes into. */
public final class RegistryOptions {
  @Option(names = "--model", paramLabel = "NAME", converter = NameOption.class,
      description = "The model's name in the registry (default: ${DEFAULT-VALUE}).")
  String model;

  public String model() {
    return model;
  }
}
