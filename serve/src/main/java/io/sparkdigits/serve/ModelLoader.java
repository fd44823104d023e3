package io.sparkdigits.serve;

import io.sparkdigits.core.InputFileException;
import io.sparkdigits.core.metrics.RunMetrics;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.registry.Champion;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.core.storage.StorageLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads a published run for serving and checks it before any request sees it: the model file is a
 * DL4J network, it takes a square image and has one output per class of the run's metrics, and a
 * blank image gives finite probabilities that sum to 1. What fails says which file and why.
 */
final class ModelLoader {
  /** How far from 1 a softmax's sum may be in float arithmetic. */
  private static final double SUM_TOLERANCE = 1e-3;

  private final String model;
  private final RunFolders runs;
  private final int networkCopies;

  ModelLoader(String model, RunFolders runs, int networkCopies) {
    this.model = model;
    this.runs = runs;
    this.networkCopies = networkCopies;
  }

  /** Run {@code runId}, checked, as the champion {@code champion} made it (null: a fixed run). */
  ServedModel load(String runId, Champion champion) throws IOException {
    Path run = runs.find(runId).orElseThrow(() ->
        new FileNotFoundException("model " + model + " has no published run " + runId));
    FileSystem fs = runs.fileSystem();
    Path modelFile = new Path(run, StorageLayout.MODEL_FILE);
    MultiLayerNetwork network = ModelFiles.read(fs, modelFile, false);
    RunMetrics metrics = JsonFiles.read(fs, new Path(run, StorageLayout.METRICS_FILE), RunMetrics.class);
    int side = side(network, modelFile);
    int classes = requireClasses(network, metrics, modelFile);
    requireProbabilities(network, side * side, classes, modelFile);
    return new ServedModel(model, runId, champion, metrics, side, classes, layers(network),
        network.numParams(), Instant.now(), new NetworkPool(network, networkCopies));
  }

  private static int side(MultiLayerNetwork network, Path file) throws InputFileException {
    // a convolutional network's first layer takes channels, not pixels: its image preprocessor knows
    long inputs = ModelFiles.inputPixels(network);
    int side = (int) Math.round(Math.sqrt(inputs));
    if ((long) side * side != inputs) {
      throw new InputFileException(file.toString(), "the network takes " + inputs
          + " inputs, not a square image: the server feeds it square digits");
    }
    return side;
  }

  private static int requireClasses(MultiLayerNetwork network, RunMetrics metrics, Path file)
      throws InputFileException {
    long outputs = network.layerSize(network.getnLayers() - 1);
    int classes = metrics.network() != null ? metrics.network().numClasses()
        : metrics.test() != null ? metrics.test().classes().size() : (int) outputs;
    if (outputs != classes) {
      throw new InputFileException(file.toString(), "the network has " + outputs + " outputs but its run has "
          + classes + " classes");
    }
    return classes;
  }

  /** A forward pass of a blank image: one row of {@code classes} finite probabilities that sum to 1. */
  private static void requireProbabilities(MultiLayerNetwork network, int pixels, int classes, Path file)
      throws InputFileException {
    float[][] output = network.output(Nd4j.zeros(DataType.FLOAT, 1, pixels), false).castTo(DataType.FLOAT)
        .toFloatMatrix();
    if (output.length != 1 || output[0].length != classes) {
      throw new InputFileException(file.toString(), "the network's output for one image is " + output.length + "x"
          + (output.length == 0 ? 0 : output[0].length) + ", not 1x" + classes);
    }
    double sum = 0;
    for (float p : output[0]) {
      if (!Float.isFinite(p) || p < 0) {
        throw new InputFileException(file.toString(), "the network gives a probability of " + p
            + " for a blank image");
      }
      sum += p;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw new InputFileException(file.toString(), "the network's probabilities for a blank image sum to " + sum
          + ", not 1: its output layer is no softmax");
    }
  }

  private static List<ServedModel.Layer> layers(MultiLayerNetwork network) {
    List<ServedModel.Layer> layers = new ArrayList<>();
    for (int i = 0; i < network.getnLayers(); i++) {
      Layer layer = network.getLayerWiseConfigurations().getConf(i).getLayer();
      long inputs = layer instanceof FeedForwardLayer feedForward ? feedForward.getNIn() : network.layerInputSize(i);
      long outputs = layer instanceof FeedForwardLayer feedForward ? feedForward.getNOut() : network.layerSize(i);
      String activation = layer instanceof BaseLayer base && base.getActivationFn() != null
          ? base.getActivationFn().toString() : null;
      layers.add(new ServedModel.Layer(layer.getClass().getSimpleName(), inputs, outputs, activation));
    }
    return layers;
  }
}
