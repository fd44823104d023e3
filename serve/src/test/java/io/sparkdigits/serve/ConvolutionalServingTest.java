package io.sparkdigits.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdigits.core.model.Architecture;
import io.sparkdigits.core.model.NetworkInput;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.Updater;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;

/** A convolutional champion, published as the pipeline publishes, served like a dense one. */
class ConvolutionalServingTest {
  private static final String RUN = "20261127-130000-c0ffee";
  private static final NetworkSpec LENET_LIKE = new NetworkSpec(
      Architecture.parse("28x28-conv5x5x4-pool2-10"), Activation.RELU, Updater.ADAM, 0.004, 1.0, 7);

  @TempDir static Path root;
  private static MultiLayerNetwork network;
  private static DigitServer server;
  private static Http http;

  @BeforeAll
  static void serveAConvolutionalChampion() throws Exception {
    network = new MultiLayerNetwork(LENET_LIKE.toConfiguration());
    network.init();
    for (DataSet minibatch : Digits.get().train.batchBy(64)) {
      network.fit(minibatch);
    }
    TestRegistry registry = new TestRegistry(root);
    registry.publish(RUN, network, LENET_LIKE, Digits.get().test);
    registry.promote(RUN, "a convolutional challenger");
    server = DigitServer.start(registry.settings(), registry.conf);
    http = new Http(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theModelTakesTheWholeImage() {
    JsonNode model = Http.json(http.get("/api/model"));

    assertThat(model.path("runId").asText()).isEqualTo(RUN);
    assertThat(model.path("side").asInt()).as("28x28 pixels, not the convolution's 1 channel").isEqualTo(Digits.SIDE);
    assertThat(model.path("layers").get(0).path("type").asText()).isEqualTo("ConvolutionLayer");
  }

  @Test
  void answersAreTheNetworksOwnOutput() {
    for (int i = 0; i < 5; i++) {
      byte[] pixels = Digits.get().testPixels(i);
      HttpResponse<String> response = http.postJson("/api/predict", Http.pixelsJson(pixels));

      assertThat(response.statusCode()).as("image %d: %s", i, response.body()).isEqualTo(200);
      float[] expected = network.output(NetworkInput.features(List.of(pixels), pixels.length)).toFloatVector();
      JsonNode probabilities = Http.json(response).path("probabilities");
      assertThat(probabilities).hasSize(Digits.CLASSES);
      for (int digit = 0; digit < Digits.CLASSES; digit++) {
        assertThat(probabilities.get(digit).floatValue()).as("image %d, digit %d", i, digit)
            .isCloseTo(expected[digit], offset(1e-5f));
      }
    }
  }
}
