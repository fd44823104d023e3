package io.sparkdigits.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdigits.core.storage.ProcessOwner;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server on a fixed {@code --run} whose run retention deletes: it says so, and goes on answering. */
class RunGoneTest {
  private static final Duration POLL = Duration.ofMillis(200);
  /** The poll interval, plus room for a machine other builds share. */
  private static final Duration NOTICED_WITHIN = POLL.plusSeconds(5);

  @TempDir Path root;

  @Test
  void aServedRunThatRetentionDeletesIsReportedByHealthzAndTheLogOnce() throws Exception {
    TestRegistry registry = new TestRegistry(root);
    registry.publish("run-a", 1);
    registry.publishAndPromote("run-b", 2, "the champion");
    try (LogCapture log = new LogCapture();
        DigitServer server = DigitServer.start(registry.settings().withRun("run-a").withPollInterval(POLL),
            registry.conf)) {
      Http http = new Http(server.port());
      assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
      assertThat(Http.json(http.get("/api/model")).path("reportUrl").asText()).isEqualTo(ReportFiles.url("run-a"));

      assertThat(registry.registry.retain(1, ProcessOwner.current("retention"), Duration.ofMinutes(1)))
          .as("retention keeps the champion only").containsExactly("run-a");
      long deadline = System.nanoTime() + NOTICED_WITHIN.toNanos();
      HttpResponse<String> health = http.get("/healthz");
      while (health.statusCode() == 200 && System.nanoTime() < deadline) {
        Thread.sleep(20);
        health = http.get("/healthz");
      }

      assertThat(health.statusCode()).as("noticed within %s", NOTICED_WITHIN).isEqualTo(503);
      assertThat(Http.json(health).path("status").asText()).isEqualTo("run-gone");
      assertThat(Http.json(health).path("runId").asText()).isEqualTo("run-a");
      HttpResponse<String> prediction = http.postJson("/api/predict", Http.pixelsJson(Digits.get().testPixels(0)));
      assertThat(prediction.statusCode()).as("the loaded model still answers").isEqualTo(200);
      assertThat(Http.json(prediction).path("runId").asText()).isEqualTo("run-a");
      JsonNode model = Http.json(http.get("/api/model"));
      assertThat(model.path("reportUrl").isNull()).as("no link to a report that is gone").isTrue();
      Thread.sleep(POLL.multipliedBy(5).toMillis());
      assertThat(log.text().lines().filter(line -> line.contains("run-a")))
          .as("said once, not at every poll:%n%s", log.text()).singleElement()
          .satisfies(line -> assertThat(line)
              .startsWith("ERROR Run run-a, served with --run, is no longer in storage"));
    }
  }
}
