package io.sparkdigits.core.model;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A classifier's output for a batch of examples, from the one forward pass that evaluation, the
 * predict job and the server all make: the network in inference mode, its probabilities copied
 * into Java at once, row by row, and every array it took or gave outside the heap freed then (ND4J
 * frees an array's data only when the collector finds its Java object, and a pass over hundreds of
 * thousands of examples would otherwise leave gigabytes of them resident between two collections).
 * An example's predicted class is the one of highest probability. Free of Spark.
 */
public final class NetworkOutput {
  /**
   * Examples per forward pass where many are scored: a forward pass costs about as much for a
   * training minibatch of 64 as for 256 examples, and 256 fit any heap.
   */
  public static final int BATCH_SIZE = 256;

  /** Row-major: example by example, {@code classes} each. */
  private final float[] probabilities;
  private final int classes;

  private NetworkOutput(float[] probabilities, int classes) {
    this.probabilities = probabilities;
    this.classes = classes;
  }

  /** {@code network}'s output for {@code images}, each {@code pixels} unsigned bytes ({@link NetworkInput}). */
  public static NetworkOutput of(MultiLayerNetwork network, List<byte[]> images, int pixels) {
    try (INDArray features = NetworkInput.features(images, pixels)) {
      return of(network, features);
    }
  }

  /** {@code network}'s output for {@code features}, one row an example, as {@link NetworkInput} makes them. */
  public static NetworkOutput of(MultiLayerNetwork network, INDArray features) {
    // a row-major copy read in Java, as floats whatever the network's data type: INDArray's own row
    // and element access costs a native call each
    try (INDArray output = network.output(features, false); INDArray rowMajor = output.dup('c')) {
      return new NetworkOutput(rowMajor.data().asFloat(), Math.toIntExact(output.size(1)));
    }
  }

  public int examples() {
    return probabilities.length / classes;
  }

  /** The classes the network tells apart: the probabilities per example. */
  public int classes() {
    return classes;
  }

  /** The class of highest probability for example {@code example}. */
  public int predictedClass(int example) {
    return predictedClass(probabilities, example * classes, classes);
  }

  /** The probability of class {@code c} for example {@code example}. */
  public float probability(int example, int c) {
    return probabilities[example * classes + c];
  }

  /** Every class's probability for example {@code example}, a copy. */
  public float[] probabilities(int example) {
    return Arrays.copyOfRange(probabilities, example * classes, (example + 1) * classes);
  }

  /**
   * The class of highest probability in {@code probabilities[from, from + classes)}, the first of
   * equals, as DL4J's evaluation picks it.
   */
  public static int predictedClass(float[] probabilities, int from, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (probabilities[from + c] > probabilities[from + best]) {
        best = c;
      }
    }
    return best;
  }
}
