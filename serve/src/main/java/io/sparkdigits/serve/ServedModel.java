package io.sparkdigits.serve;

import io.sparkdigits.core.metrics.RunMetrics;
import io.sparkdigits.core.model.NetworkInput;
import io.sparkdigits.core.model.NetworkOutput;
import io.sparkdigits.core.registry.Champion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One run's network as the server answers with it, and everything a response says about it. It
 * never changes: a new champion is a new ServedModel, swapped in whole, so a request that took
 * this one at its start does all its work with it and names its run.
 */
public final class ServedModel {
  /** A layer of the network: its kind, sizes and activation. */
  public record Layer(String type, long inputs, long outputs, String activation) {}

  private final String model;
  private final String runId;
  private final Champion champion;
  private final RunMetrics metrics;
  private final int side;
  private final int classes;
  private final List<Layer> layers;
  private final long parameters;
  private final Instant loadedAt;
  private final NetworkPool networks;

  ServedModel(String model, String runId, Champion champion, RunMetrics metrics, int side,
      int classes, List<Layer> layers, long parameters, Instant loadedAt, NetworkPool networks) {
    this.model = model;
    this.runId = runId;
    this.champion = champion;
    this.metrics = metrics;
    this.side = side;
    this.classes = classes;
    this.layers = List.copyOf(layers);
    this.parameters = parameters;
    this.loadedAt = loadedAt;
    this.networks = networks;
  }

  /** The same network, made the champion again by {@code promotion} (a rollback to the run served). */
  ServedModel promotedBy(Champion promotion) {
    return new ServedModel(model, runId, promotion, metrics, side, classes, layers, parameters, loadedAt,
        networks);
  }

  /** The digits in {@code images}, each {@link #pixels()} unsigned bytes, in one forward pass. */
  public List<Prediction> predict(List<byte[]> images) {
    if (images.isEmpty()) {
      return List.of();
    }
    INDArray output = networks.output(NetworkInput.features(images, pixels()));
    float[][] probabilities = output.castTo(DataType.FLOAT).toFloatMatrix();
    List<Prediction> predictions = new ArrayList<>(images.size());
    for (float[] row : probabilities) {
      predictions.add(new Prediction(NetworkOutput.predictedClass(row, 0, classes), row));
    }
    return predictions;
  }

  public String model() {
    return model;
  }

  public String runId() {
    return runId;
  }

  /** The promotion that made this run the champion; empty for a run served with {@code --run}. */
  public Optional<Champion> champion() {
    return Optional.ofNullable(champion);
  }

  public RunMetrics metrics() {
    return metrics;
  }

  /** The run's test accuracy, as its metrics.json records it (null where it records none). */
  public Double testAccuracy() {
    return metrics.test() == null ? null : metrics.test().accuracy();
  }

  /** The images' width and height: the network takes {@code side x side} pixels. */
  public int side() {
    return side;
  }

  public int pixels() {
    return side * side;
  }

  public int classes() {
    return classes;
  }

  public List<Layer> layers() {
    return layers;
  }

  public long parameters() {
    return parameters;
  }

  public Instant loadedAt() {
    return loadedAt;
  }
}
