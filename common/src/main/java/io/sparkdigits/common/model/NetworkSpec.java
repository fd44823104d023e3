package io.sparkdigits.common.model;

import io.sparkdigits.common.UsageException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * A dense classifier: the sizes of its layers from input to output (784-128-10 for MNIST), the
 * hidden layers' activation, and how it learns: the updater, its learning rate, and the factor
 * that multiplies the rate after every epoch (1 keeps it constant). The output layer is always softmax with
 * cross-entropy on one-hot labels, which is what Keras' sparse categorical cross-entropy computes.
 * Weights start Glorot-uniform, as Keras' Dense layers do.
 */
public record NetworkSpec(
    List<Integer> layers,
    Activation activation,
    Updater updater,
    double learningRate,
    double learningRateDecay,
    long seed) implements Serializable {

  public NetworkSpec {
    layers = List.copyOf(layers);
    if (layers.size() < 2) {
      throw new UsageException("a network needs at least an input and an output size, got " + describe(layers));
    }
    for (int size : layers) {
      if (size < 1) {
        throw new UsageException("layer sizes must be positive, got " + describe(layers));
      }
    }
    if (layers.get(layers.size() - 1) < 2) {
      throw new UsageException("the output layer needs at least 2 classes, got " + describe(layers));
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new UsageException("learning rate must be a positive number, got " + learningRate);
    }
    if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
      throw new UsageException("learning rate decay must be above 0 and at most 1, got " + learningRateDecay);
    }
  }

  /** Parses layer sizes written {@code 784-128-10} or {@code 784,128,10}. */
  public static List<Integer> parseLayers(String text) {
    List<Integer> sizes = new ArrayList<>();
    for (String part : text.trim().split("\\s*[-,x]\\s*")) {
      try {
        sizes.add(Integer.parseInt(part));
      } catch (NumberFormatException e) {
        throw new UsageException("layer sizes are whole numbers like 784-128-10, got '" + text + "'");
      }
    }
    return sizes;
  }

  public static String describe(List<Integer> layers) {
    return layers.stream().map(String::valueOf).collect(Collectors.joining("-"));
  }

  public int inputSize() {
    return layers.get(0);
  }

  public int numClasses() {
    return layers.get(layers.size() - 1);
  }

  /**
   * Checks that this network can learn {@code data}: images of {@code rows x columns} pixels, one
   * input each, and {@code numClasses} labels, one output each. {@code data} names the data for the user.
   */
  public void requireFits(int rows, int columns, int numClasses, String data) {
    if (inputSize() != (long) rows * columns) {
      throw new UsageException("the network " + describe(layers) + " takes " + inputSize() + " inputs but the images of "
          + data + " are " + rows + "x" + columns + " = " + (long) rows * columns + " pixels: make the first layer "
          + (long) rows * columns);
    }
    if (numClasses() != numClasses) {
      throw new UsageException("the network " + describe(layers) + " has " + numClasses() + " outputs but " + data
          + " has " + numClasses + " classes: make the last layer " + numClasses);
    }
  }

  public MultiLayerConfiguration toConfiguration() {
    NeuralNetConfiguration.ListBuilder builder = new NeuralNetConfiguration.Builder()
        .seed(seed)
        // the epoch count travels with the configuration that parameter averaging broadcasts, so
        // every worker applies the same rate
        .updater(updater.create(new ExponentialSchedule(ScheduleType.EPOCH, learningRate, learningRateDecay)))
        .weightInit(WeightInit.XAVIER_UNIFORM)
        .list();
    int last = layers.size() - 1;
    for (int i = 1; i < last; i++) {
      builder.layer(new DenseLayer.Builder().nIn(layers.get(i - 1)).nOut(layers.get(i)).activation(activation).build());
    }
    builder.layer(new OutputLayer.Builder(LossFunction.MCXENT)
        .nIn(layers.get(last - 1))
        .nOut(layers.get(last))
        .activation(Activation.SOFTMAX)
        .build());
    return builder.build();
  }

  @Override
  public String toString() {
    return describe(layers) + " " + activation.name().toLowerCase() + ", " + updater.name().toLowerCase()
        + " lr=" + learningRate + (learningRateDecay < 1 ? " x" + learningRateDecay + "/epoch" : "") + ", seed=" + seed;
  }
}
