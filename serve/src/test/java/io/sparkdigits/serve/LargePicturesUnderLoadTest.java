package io.sparkdigits.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.core.testing.ChildJvm;
import io.sparkdigits.core.testing.DigitDrawings;
import io.sparkdigits.core.testing.ProjectConf;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many large pictures at once against a server process with the heap scripts/serve.sh gives it
 * (1 GB): 12 concurrent POSTs of a valid 4096 x 4096 16-bit PNG. Each is answered 200, or 503 with
 * {@code Retry-After} when the pixels being decoded fill the server's budget; none is blamed on
 * the client (400), and the server logs no error: no OutOfMemoryError was swallowed or thrown.
 */
class LargePicturesUnderLoadTest {
  private static final String RUN = "20261127-100000-aaaaaa";
  private static final int CLIENTS = 12;

  @TempDir Path root;

  @Test
  void concurrentLargePicturesAreAnsweredOrDeferredAndNeverBlamedOnTheClient() throws Exception {
    new TestRegistry(root).publishAndPromote(RUN, 1, "first champion");
    byte[] png = Images.png(large16BitDigit());
    assertThat(png.length).as("a PNG within the default body limit").isLessThan((int) ServeSettings.DEFAULT_MAX_BODY_BYTES);
    Path log = root.resolve("serve.log");
    List<String> jvm = new ArrayList<>(ChildJvm.moduleOptions());
    jvm.addAll(List.of("-Xmx1g",
        "-Dlog4j2.configurationFile=" + ProjectConf.file("log4j2.properties").toAbsolutePath()));
    Process server = ChildJvm.start(log, jvm, ServeMain.class,
        List.of("--out", root.toString(), "--model", TestRegistry.MODEL, "--port", "0"));
    List<HttpResponse<String>> responses = new ArrayList<>();
    HttpResponse<String> after;
    try {
      assertThat(ChildJvm.awaitOutput(server, log, "Serving model", Duration.ofMinutes(3)))
          .as("the server started; its log: %s", log).isTrue();
      Matcher address = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+)/").matcher(Files.readString(log));
      assertThat(address.find()).isTrue();
      URI predict = URI.create(address.group(1) + PredictionRoutes.PREDICT);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest request = HttpRequest.newBuilder(predict).header("Content-Type", "image/png")
          .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofByteArray(png)).build();
      List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        sent.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> response : sent) {
        responses.add(response.get());
      }
      after = client.send(request, HttpResponse.BodyHandlers.ofString());
    } finally {
      server.destroy();
      server.waitFor();
    }

    String logged = Files.readString(log);
    List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
    assertThat(statuses).as("answered or deferred: %s", responses.stream().map(HttpResponse::body).toList())
        .allMatch(status -> status == 200 || status == 503).contains(200);
    assertThat(statuses).as("the budget's bound reached: more at once than one 1 GB heap decodes").contains(503);
    for (HttpResponse<String> response : responses) {
      if (response.statusCode() == 503) {
        assertThat(response.headers().firstValue("Retry-After")).as(response.body()).hasValue("1");
        assertThat(Http.json(response).path("error").asText()).contains("try again");
      }
    }
    assertThat(after.statusCode()).as("a picture once the burst is over: %s", after.body()).isEqualTo(200);
    assertThat(logged).as("the server's log").contains("Decoding at most")
        .doesNotContain("OutOfMemoryError").doesNotContain("ERROR").doesNotContain("Exception");
  }

  /** A digit drawn on a 4096 x 4096 16-bit gray picture: 32 MB decoded, a couple of hundred KB as PNG. */
  private static BufferedImage large16BitDigit() {
    BufferedImage picture = new BufferedImage(4096, 4096, BufferedImage.TYPE_USHORT_GRAY);
    Graphics2D g = picture.createGraphics();
    try {
      g.drawImage(DigitDrawings.draw(8, 4096, 4096, 60f, Color.BLACK, Color.WHITE, 0, 0), 0, 0, null);
    } finally {
      g.dispose();
    }
    return picture;
  }
}
