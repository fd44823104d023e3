package io.sparkdigits.jobs.cli;

import io.sparkdigits.core.model.Architecture;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.Updater;
import org.nd4j.linalg.activations.Activation;
import picocli.CommandLine.Option;

/** The network to train. */
public final class NetworkOptions {
  @Option(names = "--layers", paramLabel = "LAYERS",
      description = "The network's layers, e.g. 784-128-64-10 (dense) or conv5x5x20-pool2-conv5x5x50-pool2-500-10; "
          + "tokens: N dense, convHxWxF, poolN, dropoutR, bn; the last N is the classes (default: ${DEFAULT-VALUE}).")
  String layers;

  @Option(names = "--activation", paramLabel = "NAME",
      description = "Activation of the hidden layers: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Activation activation;

  @Option(names = "--updater", paramLabel = "NAME",
      description = "Gradient updater: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Updater updater;

  @Option(names = "--learning-rate", paramLabel = "RATE", description = "Learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--learning-rate-decay", paramLabel = "FACTOR",
      description = "Factor applied to the learning rate after every epoch; 1 keeps it constant "
          + "(default: ${DEFAULT-VALUE}).")
  double learningRateDecay;

  @Option(names = "--seed", paramLabel = "N",
      description = "Seed of weight initialisation and data order (default: ${DEFAULT-VALUE}).")
  long seed;

  /** The network these options describe; an invalid one fails with a message for the user. */
  public NetworkSpec spec() {
    return new NetworkSpec(Architecture.parse(layers), activation, updater, learningRate, learningRateDecay, seed);
  }
}
