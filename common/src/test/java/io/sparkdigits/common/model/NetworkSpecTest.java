package io.sparkdigits.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

class NetworkSpecTest {
  @Test
  void layerSizesParseInEitherNotation() {
    assertThat(NetworkSpec.parseLayers("784-128-64-10")).containsExactly(784, 128, 64, 10);
    assertThat(NetworkSpec.parseLayers(" 784, 128 ,10 ")).containsExactly(784, 128, 10);
    assertThatThrownBy(() -> NetworkSpec.parseLayers("784-big-10")).hasMessageContaining("784-big-10");
  }

  @Test
  void configurationBuildsTheDescribedNetwork() {
    NetworkSpec spec = new NetworkSpec(List.of(784, 128, 64, 10), Activation.RELU, Updater.ADAM, 0.001, 1, 7);
    MultiLayerNetwork net = new MultiLayerNetwork(spec.toConfiguration());
    net.init();

    assertThat(net.getnLayers()).isEqualTo(3);
    assertThat(net.numParams()).isEqualTo(784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);
    DenseLayer hidden = (DenseLayer) net.getLayerWiseConfigurations().getConf(1).getLayer();
    assertThat(hidden.getActivationFn().toString()).isEqualTo("relu");
    OutputLayer output = (OutputLayer) net.getLayerWiseConfigurations().getConf(2).getLayer();
    assertThat(output.getActivationFn().toString()).isEqualTo("softmax");
    assertThat(spec.inputSize()).isEqualTo(784);
    assertThat(spec.numClasses()).isEqualTo(10);
  }

  @Test
  void sameSeedSameInitialWeights() {
    NetworkSpec spec = new NetworkSpec(List.of(20, 8, 3), Activation.TANH, Updater.SGD, 0.1, 1, 99);
    MultiLayerNetwork first = new MultiLayerNetwork(spec.toConfiguration());
    first.init();
    MultiLayerNetwork second = new MultiLayerNetwork(spec.toConfiguration());
    second.init();
    assertThat(first.params()).isEqualTo(second.params());
  }

  @Test
  void invalidNetworksAreRejectedWithTheReason() {
    assertThatThrownBy(() -> new NetworkSpec(List.of(784, 0, 10), Activation.RELU, Updater.ADAM, 0.001, 1, 1))
        .hasMessage("layer sizes must be positive, got 784-0-10");
    assertThatThrownBy(() -> new NetworkSpec(List.of(784), Activation.RELU, Updater.ADAM, 0.001, 1, 1))
        .hasMessageContaining("at least an input and an output size");
    assertThatThrownBy(() -> new NetworkSpec(List.of(784, 1), Activation.RELU, Updater.ADAM, 0.001, 1, 1))
        .hasMessageContaining("at least 2 classes");
    assertThatThrownBy(() -> new NetworkSpec(List.of(784, 10), Activation.RELU, Updater.ADAM, 0, 1, 1))
        .hasMessageContaining("learning rate must be a positive number");
    assertThatThrownBy(() -> new NetworkSpec(List.of(784, 10), Activation.RELU, Updater.ADAM, 0.001, 1.5, 1))
        .hasMessageContaining("learning rate decay must be above 0 and at most 1");
  }
}
