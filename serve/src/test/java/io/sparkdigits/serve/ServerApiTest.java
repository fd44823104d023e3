package io.sparkdigits.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/model, /api/registry, the report files, /healthz and /metrics, over a registry with two promotions. */
class ServerApiTest {
  private static final String FIRST = "20261127-100000-aaaaaa";
  private static final String SECOND = "20261127-110000-bbbbbb";
  private static final String UNPROMOTED = "20261127-120000-cccccc";

  @TempDir static Path root;
  private static DigitServer server;
  private static Http http;

  @BeforeAll
  static void serveTheSecondChampion() throws Exception {
    TestRegistry registry = new TestRegistry(root);
    registry.publishAndPromote(FIRST, 1, "first champion");
    registry.publishAndPromote(SECOND, 2, "challenger beat the champion");
    registry.publish(UNPROMOTED, 1);
    server = DigitServer.start(registry.settings(), registry.conf);
    http = new Http(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theModelIsTheChampionWithItsPromotionMetricsLayersAndReport() {
    HttpResponse<String> response = http.get("/api/model");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode model = Http.json(response);
    assertThat(model.path("model").asText()).isEqualTo(TestRegistry.MODEL);
    assertThat(model.path("runId").asText()).isEqualTo(SECOND);
    assertThat(model.path("followingChampion").asBoolean()).isTrue();
    assertThat(model.path("promotionNumber").asLong()).isEqualTo(2);
    assertThat(model.path("reason").asText()).isEqualTo("challenger beat the champion");
    assertThat(model.path("replacesRunId").asText()).isEqualTo(FIRST);
    assertThat(model.path("promotedAt").asText()).isNotBlank();
    assertThat(model.path("testAccuracy").asDouble()).as("from metrics.json")
        .isEqualTo(model.path("metrics").path("test").path("accuracy").asDouble()).isGreaterThan(0.5);
    assertThat(model.path("metrics").path("test").path("classes")).as("per-class metrics").hasSize(Digits.CLASSES);
    assertThat(model.path("side").asInt()).isEqualTo(Digits.SIDE);
    assertThat(model.path("layers")).hasSize(2);
    assertThat(model.path("layers").get(0).path("outputs").asInt()).isEqualTo(128);
    assertThat(model.path("layers").get(1).path("activation").asText()).isEqualTo("softmax");
    assertThat(model.path("reportUrl").asText()).isEqualTo("/runs/" + SECOND + "/report/index.html");
  }

  @Test
  void theRegistryListsEveryRunWithItsDecisionAndReportAndThePromotionHistory() {
    JsonNode registry = Http.json(http.get("/api/registry"));

    assertThat(registry.path("servedRunId").asText()).isEqualTo(SECOND);
    assertThat(registry.path("champion").path("runId").asText()).isEqualTo(SECOND);
    JsonNode runs = registry.path("runs");
    assertThat(runs).hasSize(3);
    assertThat(runs.get(0).path("runId").asText()).isEqualTo(FIRST);
    assertThat(runs.get(0).path("decision").path("outcome").asText()).isEqualTo("PROMOTED");
    assertThat(runs.get(0).path("decision").path("championAccuracy").isNull()).as("no champion to score: null, not NaN")
        .isTrue();
    assertThat(runs.get(1).path("champion").asBoolean()).isTrue();
    assertThat(runs.get(1).path("served").asBoolean()).isTrue();
    assertThat(runs.get(2).path("decision").isNull()).as("a run retraining did not decide about").isTrue();
    assertThat(runs.get(2).path("reportUrl").asText()).isEqualTo("/runs/" + UNPROMOTED + "/report/index.html");
    JsonNode promotions = registry.path("promotions");
    assertThat(promotions).hasSize(2);
    assertThat(promotions.get(0).path("number").asInt()).isEqualTo(1);
    assertThat(promotions.get(1).path("replacesRunId").asText()).isEqualTo(FIRST);
    assertThat(promotions.get(1).path("reason").asText()).isEqualTo("challenger beat the champion");
  }

  @Test
  void theReportFilesAreServedFromStorageAndNothingOutsideThem() {
    HttpResponse<String> page = http.get("/runs/" + FIRST + "/report/index.html");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("confusion-matrix.png");

    HttpResponse<byte[]> chart = http.getBytes("/runs/" + FIRST + "/report/confusion-matrix.png");
    assertThat(chart.statusCode()).isEqualTo(200);
    assertThat(chart.headers().firstValue("Content-Type")).contains("image/png");
    assertThat(chart.body()).as("a PNG's signature").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');

    assertThat(http.get("/runs/" + FIRST + "/report").statusCode()).as("the folder redirects to its page")
        .isEqualTo(200);
    for (String outside : new String[] {
        "/runs/" + FIRST + "/report/%2e%2e/model.zip",
        "/runs/" + FIRST + "/report/..%2Fmetrics.json",
        "/runs/" + FIRST + "/report/.hidden",
        "/runs/..%2F..%2Fmodels/report/index.html",
        "/runs/no-such-run/report/index.html",
        "/runs/" + FIRST + "/report/missing.png"}) {
      HttpResponse<String> refused = http.get(outside);
      assertThat(refused.statusCode()).as("GET %s", outside).isIn(400, 404);
      assertThat(refused.body()).as("GET %s", outside).doesNotContain("\n").doesNotContain("PK");
    }
    assertThat(http.get("/runs/" + FIRST + "/report/%2e%2e/model.zip").statusCode()).isEqualTo(404);
  }

  @Test
  void healthAndMetricsSayWhatIsServedAndWhatWasAsked() {
    HttpResponse<String> health = http.get("/healthz");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(Http.json(health).path("runId").asText()).isEqualTo(SECOND);

    http.postJson("/api/predict", Http.pixelsJson(Digits.get().testPixels(0)));
    http.postJson("/api/predict", "{\"pixels\": [1]}");
    String metrics = http.get("/metrics").body();

    assertThat(metrics).as("requests by route and status")
        .containsPattern("http_requests_total\\{method=\"POST\",route=\"/api/predict\",status=\"200\"} [1-9]")
        .containsPattern("http_request_errors_total\\{route=\"/api/predict\",status=\"400\"} [1-9]")
        .containsPattern("http_request_duration_seconds_bucket\\{route=\"/api/predict\",le=\"\\+Inf\"} [1-9]")
        .contains("serve_model_info{model=\"digits\",run_id=\"" + SECOND + "\"} 1")
        .containsPattern("serve_model_swaps_total 1")
        .containsPattern("serve_images_predicted_total [1-9]")
        .contains("jvm_memory_used_bytes");
  }
}
