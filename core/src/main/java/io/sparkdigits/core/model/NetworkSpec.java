package io.sparkdigits.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sparkdigits.core.UsageException;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * A classifier: its layers ({@link Architecture}: 784-128-10 for today's dense network,
 * conv5x5x20-pool2-conv5x5x50-pool2-500-10 for a LeNet-style one), the hidden layers'
 * activation, and how it learns: the updater, its learning rate, and the factor that multiplies the
 * rate after every epoch (1 keeps it constant). The output layer is always softmax with
 * cross-entropy on one-hot labels, which is what Keras' sparse categorical cross-entropy computes.
 * Weights start Glorot-uniform, as Keras' Dense and Conv2D layers do.
 */
public record NetworkSpec(
    Architecture architecture,
    Activation activation,
    Updater updater,
    double learningRate,
    double learningRateDecay,
    long seed) implements Serializable {

  public NetworkSpec {
    Objects.requireNonNull(architecture, "architecture");
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new UsageException("learning rate must be a positive number, got " + learningRate);
    }
    if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
      throw new UsageException("learning rate decay must be above 0 and at most 1, got " + learningRateDecay);
    }
  }

  /** A network of dense layers, {@code sizes} from input to output. */
  public NetworkSpec(List<Integer> sizes, Activation activation, Updater updater, double learningRate,
      double learningRateDecay, long seed) {
    this(Architecture.dense(sizes), activation, updater, learningRate, learningRateDecay, seed);
  }

  /**
   * Reads the JSON form, in which documents of earlier releases (training.json, metrics.json,
   * checkpoints) hold no {@code architecture} but the dense layer sizes as {@code layers}.
   */
  @JsonCreator
  static NetworkSpec fromJson(@JsonProperty("architecture") Architecture architecture,
      @JsonProperty("layers") List<Integer> layers, @JsonProperty("activation") Activation activation,
      @JsonProperty("updater") Updater updater, @JsonProperty("learningRate") double learningRate,
      @JsonProperty("learningRateDecay") double learningRateDecay, @JsonProperty("seed") long seed) {
    return new NetworkSpec(architecture != null || layers == null ? architecture : Architecture.dense(layers),
        activation, updater, learningRate, learningRateDecay, seed);
  }

  /**
   * In JSON beside {@code architecture}, for readers of earlier releases' documents: the sizes of a
   * network of dense layers, input to output; absent for any other network.
   */
  @JsonProperty("layers")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  List<Integer> denseLayers() {
    return architecture.isDense() ? architecture.denseSizes() : null;
  }

  /** The input size written, 0 when it is taken from the data. */
  public int inputSize() {
    return architecture.inputSize();
  }

  public int numClasses() {
    return architecture.classes();
  }

  /**
   * Checks that this network can learn {@code data}: images of {@code rows x columns} pixels and
   * {@code numClasses} labels (see {@link #fitTo}), in the memory this JVM, the driver, may use
   * ({@link NetworkMemory}). {@code data} names the data for the user.
   */
  public void requireFits(int rows, int columns, int numClasses, String data) {
    NetworkMemory.of(fitTo(rows, columns, numClasses, data)).requireWithinThisJvm();
  }

  /**
   * This network for {@code data}: images of {@code rows x columns} pixels and {@code numClasses}
   * labels, as {@link Architecture#fitTo} checks and completes it; what {@link #toConfiguration} needs.
   */
  public NetworkSpec fitTo(int rows, int columns, int numClasses, String data) {
    return new NetworkSpec(architecture.fitTo(rows, columns, numClasses, data), activation, updater, learningRate,
        learningRateDecay, seed);
  }

  /**
   * DL4J's configuration of this network, whose input must be known (written, or from {@link
   * #fitTo}). The layers take their input sizes from DL4J's input types: a convolutional network
   * reads the flat pixel vectors that training and prediction give it as images.
   */
  public MultiLayerConfiguration toConfiguration() {
    NeuralNetConfiguration.ListBuilder builder = new NeuralNetConfiguration.Builder()
        .seed(seed)
        // the epoch count travels with the configuration that parameter averaging broadcasts, so
        // every worker applies the same rate
        .updater(updater.create(new ExponentialSchedule(ScheduleType.EPOCH, learningRate, learningRateDecay)))
        .weightInit(WeightInit.XAVIER_UNIFORM)
        .list();
    return architecture.addTo(builder, activation).build();
  }

  @Override
  public String toString() {
    return architecture.describe() + " " + activation.name().toLowerCase() + ", " + updater.name().toLowerCase()
        + " lr=" + learningRate + (learningRateDecay < 1 ? " x" + learningRateDecay + "/epoch" : "") + ", seed=" + seed;
  }
}
