package io.sparkdigits.jobs.cli;

import io.sparkdigits.common.model.TrainingSpec;
import picocli.CommandLine.Option;

/** How parameter averaging trains the network. */
public final class TrainingOptions {
  @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training split (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "N",
      description = "Minibatch size of each worker (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--averaging-frequency", paramLabel = "N",
      description = "Minibatches each worker fits between two parameter averagings; 0 means its whole share of "
          + "an epoch, one averaging per epoch (default: ${DEFAULT-VALUE}).")
  int averagingFrequency;

  @Option(names = "--workers", paramLabel = "N",
      description = "Workers taking part in averaging, one partition of the training split each; 0 means one per "
          + "task slot of the registered executors, never spark.default.parallelism (default: ${DEFAULT-VALUE}).")
  int workers;

  public TrainingSpec spec() {
    return new TrainingSpec(epochs, batchSize, averagingFrequency, workers);
  }
}
