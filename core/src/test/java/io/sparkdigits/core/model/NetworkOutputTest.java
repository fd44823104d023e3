package io.sparkdigits.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

class NetworkOutputTest {
  private static final int PIXELS = 16;
  private static final int CLASSES = 4;

  @Test
  void oneForwardPassGivesDl4jsProbabilitiesAndTheirArgMaxPerImage() {
    MultiLayerNetwork network = network(List.of(PIXELS, 8, CLASSES));
    Random random = new Random(5);
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < 37; i++) {
      byte[] image = new byte[PIXELS];
      random.nextBytes(image);
      images.add(image);
    }

    NetworkOutput output = NetworkOutput.of(network, images, PIXELS);

    float[][] reference = network.output(NetworkInput.features(images, PIXELS)).toFloatMatrix();
    assertThat(output.examples()).isEqualTo(37);
    for (int i = 0; i < images.size(); i++) {
      assertThat(output.probabilities(i)).as("image %d's probabilities", i).containsExactly(reference[i]);
      assertThat(output.predictedClass(i)).as("image %d's class", i)
          .isEqualTo(NetworkOutput.predictedClass(reference[i], 0, CLASSES));
      assertThat(output.probability(i, output.predictedClass(i))).isEqualTo(reference[i][output.predictedClass(i)]);
    }
  }

  @Test
  void thePredictedClassIsTheFirstOfEqualProbabilities() {
    assertThat(NetworkOutput.predictedClass(new float[] {0.9f, 0.1f, 0.45f, 0.45f, 0.1f}, 1, 4)).isEqualTo(1);
  }

  static MultiLayerNetwork network(List<Integer> layers) {
    MultiLayerNetwork network =
        new MultiLayerNetwork(new NetworkSpec(layers, Activation.RELU, Updater.ADAM, 0.01, 1, 7).toConfiguration());
    network.init();
    return network;
  }
}
