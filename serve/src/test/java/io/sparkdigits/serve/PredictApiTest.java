package io.sparkdigits.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdigits.core.image.DigitPreprocessor;
import io.sparkdigits.core.testing.DigitDrawings;
import io.sparkdigits.core.testing.HostilePictures;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** POST /api/predict and /api/predict/batch against a real server over a real registry. */
class PredictApiTest {
  private static final int MAX_BODY = 64 * 1024;
  private static final String RUN = "20261127-100000-aaaaaa";

  @TempDir static Path root;
  private static DigitServer server;
  private static Http http;

  @BeforeAll
  static void serveAChampion() throws Exception {
    TestRegistry registry = new TestRegistry(root);
    registry.publishAndPromote(RUN, 1, "first champion");
    server = DigitServer.start(registry.settings().withMaxBodyBytes(MAX_BODY), registry.conf);
    http = new Http(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A refused request: what it sends, and the status and words of its error. */
  record Bad(String name, Function<Http, HttpResponse<String>> send, int status, String says) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> badInputs() {
    byte[] png = Images.png(Digits.get().testPixels(0));
    byte[] digitPixels = Digits.get().testPixels(0);
    String pixels783 = Http.pixelsJson(Arrays.copyOf(digitPixels, 783));
    String pixels = Http.pixelsJson(digitPixels);
    List<Bad> cases = List.of(
        new Bad("not an image", h -> h.post("/api/predict", "image/png", "hello, no picture".getBytes()), 400,
            "not an image"),
        new Bad("a truncated PNG", h -> h.post("/api/predict", "image/png", Arrays.copyOf(png, 60)), 400,
            "not a readable PNG: its data is corrupt or cut short"),
        new Bad("a PNG cut inside its header", h -> h.post("/api/predict", "image/png", Arrays.copyOf(png, 20)), 400,
            "not a readable PNG: its data is corrupt or cut short"),
        new Bad("a CMYK JPEG", h -> h.post("/api/predict", "image/jpeg", HostilePictures.cmykJpeg(Images.drawn(7))),
            400, "a CMYK JPEG is not supported: save it in RGB or grayscale"),
        new Bad("an empty body", h -> h.post("/api/predict", "image/png", new byte[0]), 400, "empty body"),
        new Bad("a body over the limit", h -> h.post("/api/predict", "image/png", new byte[MAX_BODY + 1]), 413,
            "over the limit of " + MAX_BODY + " bytes"),
        new Bad("a chunked body over the limit, with no Content-Length", h -> h.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/predict")).header("Content-Type", "image/png")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[4 * MAX_BODY])))),
            413, "more than " + MAX_BODY + " bytes"),
        new Bad("the wrong content type", h -> h.post("/api/predict", "text/plain", png), 415, "Content-Type text/plain"),
        new Bad("no content type", h -> h.post("/api/predict", null, png), 415, "Content-Type missing"),
        new Bad("783 pixels", h -> h.postJson("/api/predict", pixels783), 400, "783 values: the model takes 784"),
        new Bad("NaN, which JSON has not", h -> h.postJson("/api/predict", pixels.replaceFirst("\\[\\d+,", "[NaN,")), 400,
            "pixels[0] is NaN, not a number 0 to 255"),
        new Bad("pixels on a 0 to 1 scale", h -> h.postJson("/api/predict", scaledToOne(digitPixels)), 400,
            "\"pixels\" are on a 0 to 1 scale: send them 0 (background) to 255 (ink)"),
        new Bad("all-zero pixels, blank as a blank picture is", h -> h.postJson("/api/predict",
            Http.pixelsJson(new byte[digitPixels.length])), 400, "no digit: the image is blank"),
        new Bad("a number with a plus sign, which JSON has not", h -> h.postJson("/api/predict",
            pixels.replaceFirst("\\[\\d+,", "[+1,")), 400, "malformed JSON: Unexpected character ('+' (code 43)) in"
            + " numeric value: JSON spec does not allow numbers to have plus signs"),
        new Bad("\"NaN\" as a string", h -> h.postJson("/api/predict", pixels.replaceFirst("\\[\\d+,", "[\"NaN\",")), 400,
            "pixels[0] is string, not a number"),
        new Bad("a value over 255", h -> h.postJson("/api/predict", pixels.replaceFirst("\\[\\d+,", "[256,")), 400,
            "pixels[0] is 256"),
        new Bad("a negative value", h -> h.postJson("/api/predict", pixels.replaceFirst("\\[\\d+,", "[-1,")), 400,
            "pixels[0] is -1"),
        new Bad("a value beyond double's range", h -> h.postJson("/api/predict", pixels.replaceFirst("\\[\\d+,", "[1e400,")),
            400, "values lie in 0 to 255"),
        new Bad("malformed JSON", h -> h.postJson("/api/predict", "{\"pixels\": [1, 2,"), 400, "malformed JSON"),
        new Bad("JSON that is no object", h -> h.postJson("/api/predict", "[1, 2, 3]"), 400, "must be an object"),
        new Bad("JSON with no pixels", h -> h.postJson("/api/predict", "{\"image\": []}"), 400, "no \"pixels\""),
        new Bad("a 10,000 x 10,000 image", h -> h.post("/api/predict", "image/png", hugePng()), 413,
            "10000x10000 pixels, over the limit of 4096x4096"),
        new Bad("a blank image", h -> h.post("/api/predict", "image/png",
            Images.png(DigitDrawings.filled(100, 100, Color.WHITE))), 400, "no digit: the image is blank"),
        new Bad("a batch of no images", h -> h.postJson("/api/predict/batch", "{\"images\": []}"), 400,
            "\"images\" is empty"),
        new Bad("a batch over the limit", h -> h.postJson("/api/predict/batch", "{\"images\": ["
            + String.join(",", java.util.Collections.nCopies(ServeSettings.DEFAULT_MAX_BATCH_IMAGES + 1, "{}")) + "]}"),
            413, "over the limit of " + ServeSettings.DEFAULT_MAX_BATCH_IMAGES),
        new Bad("a batch as PNG", h -> h.post("/api/predict/batch", "image/png", png), 415, "send application/json"),
        new Bad("an unknown path", h -> h.get("/api/nothing-here"), 404, ""));
    return cases.stream().map(Arguments::of);
  }

  /** {"pixels": [...]} of an image's unsigned bytes divided by 255, as Keras and TF Serving clients send them. */
  private static String scaledToOne(byte[] pixels) {
    StringBuilder json = new StringBuilder("{\"pixels\":[");
    for (int i = 0; i < pixels.length; i++) {
      json.append(i == 0 ? "" : ",").append(Byte.toUnsignedInt(pixels[i]) / 255.0);
    }
    return json.append("]}").toString();
  }

  /** A real PNG of 10,000 x 10,000 one-bit pixels, a few kilobytes: a decompression bomb's shape. */
  private static byte[] hugePng() {
    return Images.png(new BufferedImage(10_000, 10_000, BufferedImage.TYPE_BYTE_BINARY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void aBadRequestGetsItsStatusAndAOneLineErrorAndTheNextIsAnswered(Bad bad) {
    HttpResponse<String> refused = bad.send().apply(http);

    assertThat(refused.statusCode()).as("the status for %s (%s)", bad.name(), refused.body()).isEqualTo(bad.status());
    assertThat(refused.body()).as("a one-line error").doesNotContain("\n");
    assertThat(Http.json(refused).path("error").asText()).as("no Java internals")
        .doesNotContain("Feature", "Exception", "java.", ": null");
    assertThat(Http.json(refused).path("error").asText()).as("the error says why").contains(bad.says());
    assertThat(refused.headers().firstValue("Content-Type")).as("errors are JSON").hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));

    HttpResponse<String> next = http.postJson("/api/predict", Http.pixelsJson(Digits.get().testPixels(1)));
    assertThat(next.statusCode()).as("the next good request, after %s", bad.name()).isEqualTo(200);
    assertThat(Http.json(next).path("runId").asText()).isEqualTo(RUN);
  }

  @Test
  void aPictureAndItsNormalisedPixelsGetTheSameAnswerThroughThePredictJobsPreprocessing() {
    List<BufferedImage> pictures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      pictures.add(DigitDrawings.grayImage(Digits.get().testPixels(i), Digits.SIDE));
    }
    for (int label : new int[] {0, 3, 7}) {
      pictures.add(Images.drawn(label));
    }
    for (BufferedImage picture : pictures) {
      byte[] normalised = new DigitPreprocessor(Digits.SIDE).normalise(picture);
      JsonNode asPixels = Http.json(http.postJson("/api/predict", Http.pixelsJson(normalised)));
      JsonNode asPng = Http.json(http.post("/api/predict", "image/png", Images.png(picture)));
      assertThat(asPng.path("digit").asInt()).as("the PNG's digit").isEqualTo(asPixels.path("digit").asInt());
      assertThat(asPng.path("probabilities")).as("the PNG's probabilities").isEqualTo(asPixels.path("probabilities"));
      assertThat(asPng.path("probabilities")).hasSize(Digits.CLASSES);
      assertThat(asPng.path("testAccuracy").asDouble()).as("the model's test accuracy").isBetween(0.0, 1.0);
    }
    // a JPEG is lossy: its digit is the same, its probabilities close
    BufferedImage seven = Images.drawn(7);
    JsonNode png = Http.json(http.post("/api/predict", "image/png", Images.png(seven)));
    JsonNode jpeg = Http.json(http.post("/api/predict", "image/jpeg", Images.encode(seven, "jpeg")));
    assertThat(jpeg.path("digit").asInt()).as("the JPEG's digit").isEqualTo(png.path("digit").asInt());
  }

  @Test
  void aBatchAnswersEveryImageInItsPlaceWithTheErrorsOfTheUnreadableOnes() {
    byte[] first = Digits.get().testPixels(0);
    byte[] second = Digits.get().testPixels(1);
    String blank = Base64.getEncoder().encodeToString(Images.png(DigitDrawings.filled(50, 50, Color.BLACK)));
    String batch = "{\"images\":[" + Http.pixelsJson(first) + ",{\"image\":\""
        + Base64.getEncoder().encodeToString(Images.png(second)) + "\"},{\"image\":\"" + blank + "\"},"
        + Http.pixelsJson(Arrays.copyOf(first, 783)) + ",{\"pixels\":[],\"image\":\"\"}]}";

    HttpResponse<String> response = http.postJson("/api/predict/batch", batch);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = Http.json(response);
    assertThat(answer.path("runId").asText()).isEqualTo(RUN);
    JsonNode predictions = answer.path("predictions");
    assertThat(predictions).hasSize(5);
    for (int i = 0; i < 2; i++) {
      byte[] pixels = i == 0 ? first : second;
      JsonNode single = Http.json(http.postJson("/api/predict", Http.pixelsJson(new DigitPreprocessor(Digits.SIDE)
          .normalise(DigitDrawings.grayImage(pixels, Digits.SIDE)))));
      JsonNode asIs = Http.json(http.postJson("/api/predict", Http.pixelsJson(pixels)));
      assertThat(predictions.get(i).path("error").isNull()).as("image %d is read", i).isTrue();
      assertThat(predictions.get(i).path("probabilities"))
          .as("image %d's probabilities, in one forward pass with the others, as alone", i)
          .isEqualTo((i == 0 ? asIs : single).path("probabilities"));
    }
    assertThat(predictions.get(2).path("error").asText()).contains("no digit");
    assertThat(predictions.get(3).path("error").asText()).contains("783 values");
    assertThat(predictions.get(4).path("error").asText()).contains("not both");
    assertThat(predictions.get(4).path("digit").isNull()).isTrue();
  }

  @Test
  void realMnistTestDigitsSentAsPicturesAreMostlyReadRight() {
    Digits digits = Digits.get();
    assumeThat(digits.realMnist).as("the real MNIST files, with -Dmnist.dir").isTrue();
    int count = 300;
    int right = 0;
    for (int i = 0; i < count; i++) {
      JsonNode answer = Http.json(http.post("/api/predict", "image/png", Images.png(digits.testPixels(i))));
      right += answer.path("digit").asInt() == digits.testLabel(i) ? 1 : 0;
    }
    assertThat(right / (double) count).as("the share of %d real test digits read right", count).isGreaterThan(0.85);
  }
}
