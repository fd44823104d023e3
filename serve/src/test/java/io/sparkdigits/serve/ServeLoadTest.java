package io.sparkdigits.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.model.NetworkInput;
import io.sparkdigits.core.model.NetworkOutput;
import io.sparkdigits.core.storage.StorageLayout;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileSystem;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load bar: 2,000 requests from 8 concurrent clients to a server on the loopback while
 * a promotion happens in the middle. No request fails; every answer is exactly what the model of
 * the run it names gives for its image (so no answer mixes the two models); and the switch is
 * clean: no request sent after a client received an answer from the new run is answered by the
 * old one, and the last answers all come from the new run. Prints p50 and p99 latency and
 * requests per second (docs/serving.md: scripts/serve-load.sh runs it with each pool size).
 */
class ServeLoadTest {
  private static final int REQUESTS = Integer.getInteger("serve.load.requests", 2000);
  private static final int CLIENTS = 8;
  private static final int IMAGES = 64;
  private static final Duration POLL = Duration.ofMillis(100);
  private static final String OLD = "20261127-100000-aaaaaa";
  private static final String NEW = "20261127-110000-bbbbbb";

  @TempDir Path root;

  /** One request as its client saw it: which image, when it was sent and answered, and the answer. */
  private record Exchange(int image, long sentNanos, long answeredNanos, int status, String runId, int digit,
      float[] probabilities) {}

  @Test
  void twoThousandRequestsFromEightClientsThroughAPromotionAllSucceedAndNoneMixesTheModels() throws Exception {
    TestRegistry registry = new TestRegistry(root);
    registry.publishAndPromote(OLD, 1, "first champion");
    registry.publish(NEW, 2);
    List<byte[]> images = Digits.get().firstTestImages(IMAGES);
    Map<String, float[][]> expected = Map.of(OLD, offline(registry, OLD, images), NEW, offline(registry, NEW, images));
    assertThat(expected.get(OLD)[0]).as("two different models").isNotEqualTo(expected.get(NEW)[0]);
    List<String> bodies = images.stream().map(Http::pixelsJson).toList();
    int copies = Integer.getInteger("serve.load.copies", ServeSettings.defaultNetworkCopies());

    List<Exchange> exchanges;
    long started;
    long finished;
    try (DigitServer server = DigitServer.start(registry.settings().withPollInterval(POLL).withNetworkCopies(copies),
        registry.conf)) {
      URI predict = URI.create("http://127.0.0.1:" + server.port() + PredictionRoutes.PREDICT);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      AtomicInteger next = new AtomicInteger();
      AtomicInteger answered = new AtomicInteger();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
      started = System.nanoTime();
      List<Future<List<Exchange>>> results = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        results.add(clients.submit(() -> {
          List<Exchange> mine = new ArrayList<>();
          for (int n = next.getAndIncrement(); n < REQUESTS; n = next.getAndIncrement()) {
            int image = n % IMAGES;
            long sent = System.nanoTime();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(predict)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(bodies.get(image))).build(),
                HttpResponse.BodyHandlers.ofString());
            long received = System.nanoTime();
            answered.incrementAndGet();
            JsonNode answer = response.statusCode() == 200 ? Http.json(response) : null;
            mine.add(new Exchange(image, sent, received, response.statusCode(),
                answer == null ? null : answer.path("runId").asText(),
                answer == null ? -1 : answer.path("digit").asInt(), answer == null ? null : floats(answer)));
          }
          return mine;
        }));
      }
      // the promotion, a quarter of the way through: the rest must be enough to see the switch
      Future<?> promotion = clients.submit(() -> {
        while (answered.get() < REQUESTS / 4) {
          Thread.sleep(1);
        }
        registry.promote(NEW, "challenger beat the champion");
        return null;
      });
      exchanges = new ArrayList<>();
      for (Future<List<Exchange>> result : results) {
        exchanges.addAll(result.get(5, TimeUnit.MINUTES));
      }
      promotion.get(1, TimeUnit.MINUTES);
      finished = System.nanoTime();
      clients.shutdown();
    }

    assertThat(exchanges).hasSize(REQUESTS);
    assertThat(exchanges).as("no failed request").allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
    assertThat(exchanges).as("every answer from one of the two runs")
        .allSatisfy(e -> assertThat(e.runId()).isIn(OLD, NEW));
    for (Exchange e : exchanges) {
      float[] model = expected.get(e.runId())[e.image()];
      assertThat(e.probabilities()).as("image %d's probabilities, exactly as run %s gives them", e.image(), e.runId())
          .containsExactly(model);
      assertThat(e.digit()).as("image %d's digit, as run %s reads it", e.image(), e.runId())
          .isEqualTo(NetworkOutput.predictedClass(model, 0, model.length));
    }
    long firstNewAnswer = exchanges.stream().filter(e -> e.runId().equals(NEW)).mapToLong(Exchange::answeredNanos)
        .min().orElseThrow(() -> new AssertionError("no answer came from the new champion"));
    assertThat(exchanges.stream().filter(e -> e.runId().equals(OLD) && e.sentNanos() > firstNewAnswer))
        .as("requests sent after an answer from the new run, answered by the old one").isEmpty();
    List<Exchange> byAnswer = new ArrayList<>(exchanges);
    byAnswer.sort((a, b) -> Long.compare(a.answeredNanos(), b.answeredNanos()));
    assertThat(byAnswer.subList(REQUESTS - REQUESTS / 4, REQUESTS)).as("the last quarter of the answers")
        .allSatisfy(e -> assertThat(e.runId()).isEqualTo(NEW));

    long[] latencies = exchanges.stream().mapToLong(e -> e.answeredNanos() - e.sentNanos()).sorted().toArray();
    double seconds = (finished - started) / 1e9;
    System.out.printf("serve load: %d requests, %d clients, %d network copies, %d answered by the old run and %d by"
        + " the new: p50 %.2f ms, p99 %.2f ms, %.0f requests/s%n", REQUESTS, CLIENTS, copies,
        exchanges.stream().filter(e -> e.runId().equals(OLD)).count(),
        exchanges.stream().filter(e -> e.runId().equals(NEW)).count(),
        percentile(latencies, 0.50) / 1e6, percentile(latencies, 0.99) / 1e6, REQUESTS / seconds);
  }

  /** What run {@code runId}'s model, read from its file apart from the server, gives for each image alone. */
  private static float[][] offline(TestRegistry registry, String runId, List<byte[]> images) throws Exception {
    FileSystem fs = registry.fs;
    MultiLayerNetwork network = ModelFiles.read(fs,
        new org.apache.hadoop.fs.Path(registry.registry.runLayout().run(runId), StorageLayout.MODEL_FILE), false);
    float[][] outputs = new float[images.size()][];
    for (int i = 0; i < images.size(); i++) {
      outputs[i] = network.output(NetworkInput.features(List.of(images.get(i)), images.get(i).length), false)
          .toFloatVector();
    }
    return outputs;
  }

  private static float[] floats(JsonNode answer) {
    JsonNode values = answer.path("probabilities");
    float[] floats = new float[values.size()];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = values.get(i).floatValue();
    }
    return floats;
  }

  private static long percentile(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
  }
}
