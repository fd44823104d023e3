package io.sparkdigits.jobs.cli;

import io.sparkdigits.core.model.TrainingSpec;
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

  @Option(names = "--early-stopping-patience", paramLabel = "N",
      description = "Stop once the validation loss has not improved for N epochs, and keep the epoch of lowest "
          + "validation loss as the model; 0: train every epoch and keep the last (default: ${DEFAULT-VALUE}).")
  int earlyStoppingPatience;

  @Option(names = "--score-test-each-epoch",
      description = "Score the test split after every epoch too, for its learning curve; by default it is scored "
          + "once, after training (a dataset without a validation split has it scored after every epoch).")
  boolean scoreTestEachEpoch;

  public TrainingSpec spec() {
    return new TrainingSpec(epochs, batchSize, averagingFrequency, workers, earlyStoppingPatience);
  }

  public boolean scoreTestEachEpoch() {
    return scoreTestEachEpoch;
  }
}
