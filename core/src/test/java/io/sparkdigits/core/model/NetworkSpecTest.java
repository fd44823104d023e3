package io.sparkdigits.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

class NetworkSpecTest {
  @Test
  void layerSizesParseInEitherNotation() {
    assertThat(Architecture.parse("784-128-64-10").denseSizes()).containsExactly(784, 128, 64, 10);
    assertThat(Architecture.parse(" 784, 128 ,10 ").denseSizes()).containsExactly(784, 128, 10);
    assertThatThrownBy(() -> Architecture.parse("784-big-10")).hasMessageContaining("784-big-10");
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

  /** A dense network is the very configuration that releases before the layer language built. */
  @ParameterizedTest
  @ValueSource(strings = {"784-128-10", "784-128-64-10", "20-8-3"})
  void denseNetworksBuildTheConfigurationOfEarlierReleases(String layers) {
    NetworkSpec spec = new NetworkSpec(Architecture.parse(layers), Activation.RELU, Updater.ADAM, 0.004, 0.8, 42);
    List<Integer> sizes = spec.architecture().denseSizes();

    assertThat(spec.toConfiguration().toJson()).as("configuration of %s", layers)
        .isEqualTo(denseConfigurationOfEarlierReleases(sizes, spec).toJson());
    MultiLayerNetwork built = new MultiLayerNetwork(spec.toConfiguration());
    built.init();
    MultiLayerNetwork before = new MultiLayerNetwork(denseConfigurationOfEarlierReleases(sizes, spec));
    before.init();
    assertThat(built.params()).as("initial parameters of %s for the same seed", layers).isEqualTo(before.params());
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

  /** NetworkSpec.toConfiguration as it was up to the layer language, verbatim. */
  private static MultiLayerConfiguration denseConfigurationOfEarlierReleases(List<Integer> layers, NetworkSpec spec) {
    NeuralNetConfiguration.ListBuilder builder = new NeuralNetConfiguration.Builder()
        .seed(spec.seed())
        .updater(new Adam(new ExponentialSchedule(ScheduleType.EPOCH, spec.learningRate(), spec.learningRateDecay())))
        .weightInit(WeightInit.XAVIER_UNIFORM)
        .list();
    int last = layers.size() - 1;
    for (int i = 1; i < last; i++) {
      builder.layer(new DenseLayer.Builder().nIn(layers.get(i - 1)).nOut(layers.get(i)).activation(spec.activation())
          .build());
    }
    builder.layer(new OutputLayer.Builder(LossFunction.MCXENT)
        .nIn(layers.get(last - 1))
        .nOut(layers.get(last))
        .activation(Activation.SOFTMAX)
        .build());
    return builder.build();
  }

  @Test
  void invalidNetworksAreRejectedWithTheReason() {
    assertThatThrownBy(() -> new NetworkSpec(List.of(784, 0, 10), Activation.RELU, Updater.ADAM, 0.001, 1, 1))
        .hasMessage("layer '0' of 784-0-10: a dense layer needs at least 1 unit");
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
