package io.sparkdigits.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.json.Json;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ArchitectureTest {
  private static final String MNIST = "dataset 'mnist'";

  /** Every network docs/configuration.md shows, and networks that start with dropout or batch normalisation. */
  @ParameterizedTest
  @ValueSource(strings = {
      "dropout0.2-conv3x3x4-10",
      "bn-conv3x3x4-pool2-10",
      "bn-64-10",
      "784-128-10",
      "784-128-64-10",
      "784-800-10",
      "conv5x5x20-pool2-conv5x5x50-pool2-500-10",
      "conv3x3x4-pool2-10",
      "conv3x3x32-bn-conv3x3x32-pool2-dropout0.25-128-dropout0.5-10",
      "784-dropout0.2-512-bn-512-10",
      "28x28-conv5x5x20-pool2-10"})
  void parsesWhatReadmeShowsAndDescribesItBack(String text) {
    Architecture architecture = Architecture.parse(text);

    assertThat(architecture.describe()).as("canonical text of %s", text).isEqualTo(text);
    assertThat(Architecture.parse(architecture.describe())).as("round trip of %s", text).isEqualTo(architecture);
    Architecture fitted = architecture.fitTo(28, 28, 10, MNIST);
    assertThat(Architecture.parse(fitted.describe())).as("round trip of %s fitted", text).isEqualTo(fitted);
    MultiLayerNetwork network = network(fitted);
    assertThat(network.output(Nd4j.rand(DataType.FLOAT, 3, 784)).shape())
        .as("%s: one row of class probabilities per flat 784-pixel image", text).containsExactly(3, 10);
    assertThat(ModelFiles.inputPixels(network)).as("%s: the pixels it takes", text).isEqualTo(784);
  }

  @Test
  void buildsLeNetFromDl4jsOwnLayers() {
    Architecture lenet = Architecture.parse("conv5x5x20-pool2-conv5x5x50-pool2-500-10").fitTo(28, 28, 10, MNIST);
    MultiLayerNetwork network = network(lenet);

    List<String> types = network.getLayerWiseConfigurations().getConfs().stream()
        .map(conf -> conf.getLayer().getClass().getSimpleName()).toList();
    assertThat(types).as("DL4J layers").containsExactly("ConvolutionLayer", "SubsamplingLayer",
        "ConvolutionLayer", "SubsamplingLayer", "DenseLayer", "OutputLayer");
    // 28 -conv5-> 24 -pool2-> 12 -conv5-> 8 -pool2-> 4: 4*4*50 = 800 inputs to the dense layer
    assertThat(network.numParams()).as("parameters of LeNet-5 as Caffe and DL4J's example build it")
        .isEqualTo((5 * 5 * 1 * 20 + 20) + (5 * 5 * 20 * 50 + 50) + (800 * 500 + 500) + (500 * 10 + 10));
    ConvolutionLayer conv = (ConvolutionLayer) layer(network, 0);
    assertThat(conv.getActivationFn().toString()).as("hidden activation").isEqualTo("relu");
    assertThat(conv.getStride()).as("stride").containsExactly(1, 1);
  }

  @Test
  void dropoutIsTheFractionDroppedAsInKeras() {
    MultiLayerNetwork network = network(Architecture.parse("784-dropout0.2-64-bn-10"));

    DropoutLayer dropout = (DropoutLayer) layer(network, 0);
    assertThat(((org.deeplearning4j.nn.conf.dropout.Dropout) dropout.getIDropout()).getP())
        .as("DL4J's probability of keeping an activation").isEqualTo(0.8);
    assertThat(layer(network, 2)).as("bn").isInstanceOf(BatchNormalization.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      " Conv5X5x20 - POOL2 , 500-10 | conv5x5x20-pool2-500-10",
      "784,128,10                   | 784-128-10",
      "dropout.50-10                | dropout0.5-10",
      "10                           | 10"})
  void writesTheCanonicalForm(String written, String canonical) {
    assertThat(Architecture.parse(written).describe()).as("canonical form of '%s'", written).isEqualTo(canonical);
  }

  /** Mistakes found by reading the text alone, each named in the one line of its message. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "conv0x5x20-pool2-10         | layer 'conv0x5x20' of conv0x5x20-pool2-10: a convolution's kernel is at least 1x1",
      "conv5x5x0-10                | layer 'conv5x5x0'",
      "conv5x5-10                  | layer 'conv5x5' of conv5x5-10: unknown",
      "784-relu-10                 | layer 'relu' of 784-relu-10: unknown",
      "pool1-10                    | layer 'pool1' of pool1-10: pooling takes blocks of at least 2x2",
      "pool0-10                    | layer 'pool0'",
      "784-dropout0-10             | layer 'dropout0' of 784-dropout0-10: the fraction dropped must lie strictly",
      "784-dropout1-10             | layer 'dropout1'",
      "784-dropout1.5-10           | layer 'dropout1.5'",
      "784-0-10                    | layer '0' of 784-0-10: a dense layer needs at least 1 unit",
      "784-500-conv5x5x20-10       | layer 'conv5x5x20' of 784-500-conv5x5x20-10 follows the dense layer '500'",
      "conv5x5x20-500-pool2-10     | layer 'pool2' of conv5x5x20-500-pool2-10 follows the dense layer '500'",
      "784-28x28-10                | layer '28x28' of 784-28x28-10: an image size is only the first token",
      "conv5x5x20-pool2            | must end with the output layer, the number of classes, not 'pool2'",
      "784-                        | layers 784- must end with the output layer",
      "784--10                     | have an empty layer between two separators",
      "784-128-1                   | the output layer of 784-128-1 needs at least 2 classes, got 1",
      "99999999999-10              | the number 99999999999 in 99999999999-10 is too large",
      "0x28-conv3x3x4-10           | the input '0x28' of 0x28-conv3x3x4-10 must be at least 1x1"})
  void rejectsNonsenseNamingTheTokenAndTheProblem(String text, String message) {
    assertThatThrownBy(() -> Architecture.parse(text)).as("'%s'", text)
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void rejectsNoLayers(String text) {
    assertThatThrownBy(() -> Architecture.parse(text)).isInstanceOf(UsageException.class)
        .hasMessage("no layers given: write them like 784-128-10 or conv5x5x20-pool2-500-10");
  }

  /** Mistakes found against the data: shapes computed through the stack from the dataset's image. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "conv5x5x20-pool2-conv5x5x50-pool2-pool2-pool2-pool2-10 | layer 'pool2' of "
          + "conv5x5x20-pool2-conv5x5x50-pool2-pool2-pool2-pool2-10"
          + " gets 1x1x50 images of dataset 'mnist', which it would shrink below 1 pixel",
      "conv29x29x4-10           | layer 'conv29x29x4' of conv29x29x4-10 gets 28x28 images of dataset 'mnist'",
      "conv3x30x4-10            | layer 'conv3x30x4'",
      "784-128-9                | the network 784-128-9 has 9 outputs but dataset 'mnist' has 10 classes: make the last "
          + "layer 10",
      "100-10                   | the network 100-10 takes 100 inputs but the images of dataset 'mnist' are 28x28 = 784 "
          + "pixels: make the first layer 784",
      "100-conv3x3x4-10         | the network 100-conv3x3x4-10 takes 100 inputs but the images of dataset 'mnist' are "
          + "28x28 = 784 pixels: make the first layer 784 or leave it out",
      "32x32-conv3x3x4-10       | the network 32x32-conv3x3x4-10 takes 32x32 images",
      "28x27-conv3x3x4-10       | takes 28x27 images"})
  void rejectsNetworksThatDoNotFitTheData(String text, String message) {
    Architecture architecture = Architecture.parse(text);
    assertThatThrownBy(() -> architecture.fitTo(28, 28, 10, MNIST)).as("'%s' on 28x28 images", text)
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "784-128-10            | 784-128-10",
      "dropout0.2-128-10     | 784-dropout0.2-128-10",
      "28x28-128-10          | 784-128-10",
      "conv3x3x4-pool2-10    | 28x28-conv3x3x4-pool2-10",
      "784-conv3x3x4-pool2-10| 28x28-conv3x3x4-pool2-10"})
  void takesItsInputFromTheData(String text, String fitted) {
    assertThat(Architecture.parse(text).fitTo(28, 28, 10, MNIST).describe()).as("'%s' fitted to 28x28", text)
        .isEqualTo(fitted);
  }

  @Test
  void aConvolutionalNetworkNeedsTheImageShapeBeforeItIsBuilt() {
    NetworkSpec spec = new NetworkSpec(Architecture.parse("784-conv3x3x4-10"), Activation.RELU, Updater.ADAM, 0.01, 1, 1);
    assertThatThrownBy(spec::toConfiguration).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs the image's shape");
  }

  @Test
  void jsonHoldsTheCanonicalTextAndTheDenseSizesThatEarlierReleasesWrote() throws Exception {
    NetworkSpec lenet = new NetworkSpec(Architecture.parse("conv5x5x20-pool2-dropout0.5-500-10"), Activation.RELU,
        Updater.ADAM, 0.001, 0.9, 7);
    JsonNode json = Json.mapper().valueToTree(lenet);
    assertThat(json.get("architecture").asText()).as("architecture in JSON")
        .isEqualTo("conv5x5x20-pool2-dropout0.5-500-10");
    assertThat(json.has("layers")).as("no list of dense sizes for a convolutional network").isFalse();
    assertThat(Json.mapper().treeToValue(json, NetworkSpec.class)).as("read back").isEqualTo(lenet);

    NetworkSpec dense = new NetworkSpec(List.of(784, 128, 10), Activation.RELU, Updater.ADAM, 0.004, 0.8, 42);
    JsonNode denseJson = Json.mapper().valueToTree(dense);
    assertThat(denseJson.get("architecture").asText()).isEqualTo("784-128-10");
    assertThat(denseJson.get("layers").toString()).as("layers, as earlier releases wrote and read them")
        .isEqualTo("[784,128,10]");
    assertThat(Json.mapper().treeToValue(denseJson, NetworkSpec.class)).as("read back").isEqualTo(dense);

    String earlier = "{\"layers\":[784,128,10],\"activation\":\"RELU\",\"updater\":\"ADAM\",\"learningRate\":0.004,"
        + "\"learningRateDecay\":0.8,\"seed\":42}";
    assertThat(Json.mapper().readValue(earlier, NetworkSpec.class)).as("a training.json of an earlier release")
        .isEqualTo(dense);
  }

  @Test
  void onlyDenseNetworksHaveDenseSizes() {
    assertThat(Architecture.parse("784-128-10").denseSizes()).containsExactly(784, 128, 10);
    assertThatThrownBy(() -> Architecture.parse("784-dropout0.5-128-10").denseSizes())
        .isInstanceOf(UsageException.class).hasMessageContaining("784-dropout0.5-128-10");
  }

  private static MultiLayerNetwork network(Architecture architecture) {
    MultiLayerNetwork network = new MultiLayerNetwork(
        new NetworkSpec(architecture, Activation.RELU, Updater.ADAM, 0.001, 1, 7).toConfiguration());
    network.init();
    return network;
  }

  private static Layer layer(MultiLayerNetwork network, int index) {
    return network.getLayerWiseConfigurations().getConf(index).getLayer();
  }
}
