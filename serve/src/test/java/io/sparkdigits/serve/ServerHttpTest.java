package io.sparkdigits.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every answer of the server is, whoever made it (a route, Javalin, or Jetty before any route
 * ran): JSON errors, 405 with Allow for a method a path does not take, nosniff; and a client that
 * fails its own request costs the log one line.
 */
class ServerHttpTest {
  private static final String RUN = "20261127-100000-aaaaaa";

  @TempDir static Path root;
  private static DigitServer server;
  private static Http http;

  @BeforeAll
  static void serve() throws Exception {
    TestRegistry registry = new TestRegistry(root);
    registry.publishAndPromote(RUN, 1, "first champion");
    server = DigitServer.start(registry.settings(), registry.conf);
    http = new Http(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void pathsJettyRefusesGetTheApisJsonError() {
    for (String path : List.of("/..%2f..%2fetc/passwd", "/runs/..%2f..%2f/report/index.html", "/%2e%2e/etc/passwd",
        "/../etc/passwd", "/a%00b")) {
      Http.RawResponse refused = http.rawGet(path);

      assertThat(refused.status()).as("GET %s", path).isEqualTo(400);
      assertThat(refused.headers().get("content-type")).as("GET %s", path).startsWith("application/json");
      assertThat(refused.body()).as("GET %s", path).isEqualTo("{\"error\":\"Bad Request\"}");
    }
    Http.RawResponse badHeader = http.raw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nNo Colon\r\n\r\n");
    assertThat(badHeader.status()).isEqualTo(400);
    assertThat(badHeader.headers().get("content-type")).startsWith("application/json");
    assertThat(badHeader.body()).isEqualTo("{\"error\":\"Bad Request: Illegal character SPACE=' '\"}");
  }

  @Test
  void aMethodAPathDoesNotTakeIs405WithAllow() {
    for (String path : List.of(PredictionRoutes.PREDICT, PredictionRoutes.BATCH)) {
      HttpResponse<String> refused = http.get(path);

      assertThat(refused.statusCode()).as("GET %s", path).isEqualTo(405);
      assertThat(refused.headers().firstValue("Allow")).as("GET %s", path).contains("POST");
      assertThat(refused.body()).isEqualTo("{\"error\":\"GET is not allowed on " + path + ": use POST\"}");
    }
    HttpResponse<String> post =
        http.post(RegistryRoutes.MODEL, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET");
    assertThat(http.get("/api/no-such-route").statusCode()).as("a path no method takes").isEqualTo(404);
    Http.RawResponse unknownMethod =
        http.raw("FROB /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertThat(unknownMethod.status()).isEqualTo(405);
    assertThat(unknownMethod.body()).isEqualTo("{\"error\":\"FROB is not allowed on /healthz: use GET\"}");
  }

  @Test
  void everyAnswerForbidsContentSniffing() {
    for (String path : List.of("/", "/healthz", "/metrics", RegistryRoutes.MODEL, ReportFiles.url(RUN),
        "/runs/" + RUN + "/report/accuracy.png", "/runs/" + RUN + "/report/missing.png", PredictionRoutes.PREDICT,
        "/..%2f..%2fetc/passwd")) {
      assertThat(http.rawGet(path).headers()).as("GET %s", path).containsEntry("x-content-type-options", "nosniff");
    }
    Http.RawResponse badHeader = http.raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nNo Colon\r\n\r\n");
    assertThat(badHeader.headers()).containsEntry("x-content-type-options", "nosniff");
    // with nosniff a browser runs a script, or applies a style sheet, only when its type says it is one
    assertThat(http.rawGet("/draw.js").headers().get("content-type")).matches("(text|application)/javascript.*");
    assertThat(http.rawGet("/style.css").headers().get("content-type")).startsWith("text/css");
    assertThat(http.postJson(PredictionRoutes.PREDICT, "{\"pixels\": [1]}").headers()
        .firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  void aClientThatClosesMidBodyIsOneWarningWithoutAStackAndCounted() throws Exception {
    double before = clientsGone();
    try (LogCapture log = new LogCapture()) {
      // half of a body whose length the headers announce whole (the digits' JSON is shorter for MNIST's
      // real digits than for the synthetic ones)
      String body = Http.pixelsJson(Digits.get().testPixels(0));
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + PredictionRoutes.PREDICT + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.write(body.substring(0, body.length() / 2).getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (clientsGone() == before && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      assertThat(clientsGone()).as("the request counted once, as the client's (499)").isEqualTo(before + 1);
      assertThat(log.text().lines().toList()).as("the log:%n%s", log.text()).singleElement()
          .satisfies(line -> assertThat(line).startsWith("WARN POST /api/predict from 127.0.0.1: the client closed"
              + " the connection before its request was complete (Early EOF)"));
    }
  }

  private static double clientsGone() {
    Matcher count = Pattern.compile("http_request_errors_total\\{route=\"/api/predict\",status=\"499\"} (\\S+)")
        .matcher(http.get("/metrics").body());
    return count.find() ? Double.parseDouble(count.group(1)) : 0;
  }
}
