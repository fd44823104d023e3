package io.sparkdigits.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdigits.core.storage.ProcessOwner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server follows the registry's pointer log: promotions, rollbacks, and runs that cannot be served. */
class ChampionFollowingTest {
  private static final Duration POLL = Duration.ofMillis(200);
  /** The poll interval, plus room for a load on a machine other builds share. */
  private static final Duration PICKED_UP_WITHIN = POLL.plusSeconds(5);

  @TempDir Path root;

  @Test
  void aPromotionAndARollbackAreServedWithinThePollInterval() throws Exception {
    TestRegistry registry = new TestRegistry(root);
    registry.publishAndPromote("run-a", 1, "first champion");
    registry.publish("run-b", 2);
    try (DigitServer server = DigitServer.start(registry.settings().withPollInterval(POLL), registry.conf)) {
      Http http = new Http(server.port());
      assertThat(Http.json(http.get("/api/model")).path("runId").asText()).isEqualTo("run-a");

      registry.promote("run-b", "challenger beat the champion");
      JsonNode promoted = awaitModel(http, model -> model.path("runId").asText().equals("run-b"));
      assertThat(promoted.path("promotionNumber").asInt()).isEqualTo(2);
      assertThat(promoted.path("replacesRunId").asText()).isEqualTo("run-a");
      assertThat(Http.json(http.postJson("/api/predict", Http.pixelsJson(Digits.get().testPixels(0))))
          .path("runId").asText()).as("predictions come from the new champion").isEqualTo("run-b");

      registry.registry.rollBackTo("run-a", "rolled back by hand", ProcessOwner.current("by-hand"), Duration.ofMinutes(1));
      JsonNode rolledBack = awaitModel(http, model -> model.path("runId").asText().equals("run-a"));
      assertThat(rolledBack.path("reason").asText()).isEqualTo("rolled back by hand");
      assertThat(rolledBack.path("promotionNumber").asInt()).isEqualTo(3);
      assertThat(http.get("/metrics").body()).contains("serve_model_swaps_total 3.0");
    }
  }

  @Test
  void aPromotedRunThatCannotBeLoadedIsLoggedOnceAndTheOldModelKeepsServing() throws Exception {
    TestRegistry registry = new TestRegistry(root);
    registry.publishAndPromote("run-a", 1, "first champion");
    org.apache.hadoop.fs.Path broken = registry.publish("run-broken", 2);
    try (FSDataOutputStream out = registry.fs.create(new org.apache.hadoop.fs.Path(broken, "model.zip"), true)) {
      out.write("PK not a whole model".getBytes(StandardCharsets.UTF_8));
    }
    registry.publish("run-c", 3);
    try (LogCapture log = new LogCapture();
        DigitServer server = DigitServer.start(registry.settings().withPollInterval(POLL), registry.conf)) {
      Http http = new Http(server.port());

      registry.promote("run-broken", "a challenger whose file got damaged");
      Thread.sleep(POLL.multipliedBy(8).toMillis());

      JsonNode model = Http.json(http.get("/api/model"));
      assertThat(model.path("runId").asText()).as("the old model keeps serving").isEqualTo("run-a");
      assertThat(http.postJson("/api/predict", Http.pixelsJson(Digits.get().testPixels(0))).statusCode()).isEqualTo(200);
      assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
      assertThat(log.text().lines().filter(line -> line.contains("run-broken") && line.contains("cannot be served")))
          .as("the failure, logged once with the file and the reason, not at every poll:%n%s", log.text())
          .singleElement().satisfies(line -> assertThat(line).startsWith("ERROR")
              .contains("model.zip").contains("not a model: not a zip file").contains("Still serving run run-a"));
      assertThat(http.get("/metrics").body()).containsPattern("serve_model_load_failures_total [1-9]");

      registry.promote("run-c", "the next challenger");
      assertThat(awaitModel(http, m -> m.path("runId").asText().equals("run-c")).path("replacesRunId").asText())
          .as("a newer promotion is followed again").isEqualTo("run-broken");
    }
  }

  @Test
  void aServerWhoseChampionCannotBeLoadedAnswers503UntilOneCan() throws Exception {
    TestRegistry registry = new TestRegistry(root);
    org.apache.hadoop.fs.Path broken = registry.publish("run-broken", 1);
    registry.promote("run-broken", "first champion");
    Files.writeString(Path.of(broken.toUri()).resolve("model.zip"), "not a zip");
    registry.publish("run-a", 2);
    try (DigitServer server = DigitServer.start(registry.settings().withPollInterval(POLL), registry.conf)) {
      Http http = new Http(server.port());
      assertThat(http.get("/healthz").statusCode()).isEqualTo(503);
      assertThat(http.postJson("/api/predict", Http.pixelsJson(Digits.get().testPixels(0))).statusCode())
          .isEqualTo(503);

      registry.promote("run-a", "a good one");
      awaitModel(http, model -> model.path("runId").asText().equals("run-a"));
      assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
    }
  }

  private static JsonNode awaitModel(Http http, Predicate<JsonNode> condition) throws InterruptedException {
    long deadline = System.nanoTime() + PICKED_UP_WITHIN.toNanos();
    while (true) {
      var response = http.get("/api/model");
      if (response.statusCode() == 200 && condition.test(Http.json(response))) {
        return Http.json(response);
      }
      assertThat(System.nanoTime()).as("the model within %s; last: %s", PICKED_UP_WITHIN, response.body())
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
