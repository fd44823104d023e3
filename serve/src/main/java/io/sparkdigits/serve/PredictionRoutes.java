package io.sparkdigits.serve;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /api/predict}: one digit, as a PNG or JPEG picture or as JSON pixels; and
 * {@code POST /api/predict/batch}: many at once, in one forward pass. Every request takes the
 * served model once and answers wholly with it, naming its run.
 */
final class PredictionRoutes {
  static final String PREDICT = "/api/predict";
  static final String BATCH = "/api/predict/batch";
  private static final String JSON = "application/json";
  private static final Set<String> IMAGES = Set.of("image/png", "image/jpeg");
  private static final Set<String> IMAGES_OR_JSON = Set.of("image/png", "image/jpeg", JSON);
  /** Jackson's advice to enable one of its own features ("enable `JsonReadFeature...` to allow"), which no client can. */
  private static final Pattern PARSER_ADVICE = Pattern.compile(":? *(enable|use) `[^`]*` to allow.*$",
      Pattern.CASE_INSENSITIVE);

  /** The answer for one digit. */
  record Answer(int digit, float[] probabilities, String runId, Double testAccuracy) {}

  /** The answer for a batch: one item per image, in order, each a prediction or the error that image had. */
  record BatchAnswer(String runId, Double testAccuracy, List<Item> predictions) {}

  /** One image of a batch: its digit and probabilities, or (the others null) why it has none. */
  record Item(Integer digit, float[] probabilities, String error) {}

  private final ModelSource models;
  private final ServerMetrics metrics;
  private final long maxBodyBytes;
  private final int maxBatchImages;
  private final DigitImages images = new DigitImages(DecodeBudget.forHeap(Runtime.getRuntime().maxMemory()));

  PredictionRoutes(ModelSource models, ServerMetrics metrics, long maxBodyBytes, int maxBatchImages) {
    this.models = models;
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
    this.maxBatchImages = maxBatchImages;
  }

  void register(Javalin app) {
    app.post(PREDICT, this::predict);
    app.post(BATCH, this::predictBatch);
  }

  private void predict(Context ctx) {
    ServedModel model = Health.requireModel(models);
    String type = RequestBodies.requireMediaType(ctx, IMAGES_OR_JSON, "image/png, image/jpeg or " + JSON);
    byte[] body = RequestBodies.read(ctx, maxBodyBytes);
    byte[] pixels = IMAGES.contains(type) ? images.normalise(body, model.side())
        : PixelArrays.fromJson(parse(body).get("pixels"), model.side());
    Prediction prediction = model.predict(List.of(pixels)).get(0);
    metrics.predicted(1);
    ctx.json(new Answer(prediction.digit(), prediction.probabilities(), model.runId(), model.testAccuracy()));
  }

  /**
   * {@code {"images": [{"pixels": [...]}, {"image": "BASE64 PNG or JPEG"}, ...]}}. The request is
   * refused whole only when it is not such a document (400), or has too many images (413), or when
   * the server cannot read an image now (503); an image that cannot be read for a fault of its own
   * gets its error in its place, and the others their predictions.
   */
  private void predictBatch(Context ctx) {
    ServedModel model = Health.requireModel(models);
    RequestBodies.requireMediaType(ctx, Set.of(JSON), JSON);
    JsonNode images = parse(RequestBodies.read(ctx, maxBodyBytes)).get("images");
    if (images == null || !images.isArray()) {
      throw ApiError.badRequest("no \"images\" array: send {\"images\": [{\"pixels\": [...]}, {\"image\": \"BASE64\"}]}");
    }
    if (images.isEmpty()) {
      throw ApiError.badRequest("\"images\" is empty");
    }
    if (images.size() > maxBatchImages) {
      throw ApiError.tooLarge("\"images\" has " + images.size() + " images, over the limit of " + maxBatchImages);
    }
    List<Item> items = new ArrayList<>(images.size());
    List<byte[]> readable = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      try {
        readable.add(digit(images.get(i), model.side()));
        positions.add(i);
        items.add(null);
      } catch (ApiError e) {
        if (!e.clientsFault()) {
          throw e;
        }
        items.add(new Item(null, null, ApiError.Body.of(e.getMessage()).error()));
      }
    }
    List<Prediction> predictions = model.predict(readable);
    for (int j = 0; j < predictions.size(); j++) {
      items.set(positions.get(j), new Item(predictions.get(j).digit(), predictions.get(j).probabilities(), null));
    }
    metrics.predicted(predictions.size());
    ctx.json(new BatchAnswer(model.runId(), model.testAccuracy(), items));
  }

  private byte[] digit(JsonNode image, int side) {
    if (image == null || !image.isObject()) {
      throw ApiError.badRequest("an image is an object {\"pixels\": [...]} or {\"image\": \"BASE64\"}");
    }
    if (image.has("pixels") == image.has("image")) {
      throw ApiError.badRequest("an image has either \"pixels\" or \"image\" (base64 PNG or JPEG), not "
          + (image.has("pixels") ? "both" : "neither"));
    }
    if (image.has("pixels")) {
      return PixelArrays.fromJson(image.get("pixels"), side);
    }
    JsonNode encoded = image.get("image");
    if (!encoded.isTextual()) {
      throw ApiError.badRequest("\"image\" must be a base64 string of a PNG or JPEG");
    }
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(encoded.textValue());
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("\"image\" is not base64: " + e.getMessage());
    }
    if (bytes.length == 0) {
      throw ApiError.badRequest("\"image\" is empty");
    }
    return images.normalise(bytes, side);
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode document = ApiJson.MAPPER.readTree(body);
      if (document == null || !document.isObject()) {
        throw ApiError.badRequest("the JSON body must be an object");
      }
      return document;
    } catch (JacksonException e) {
      throw ApiError.badRequest("malformed JSON: " + PARSER_ADVICE.matcher(e.getOriginalMessage()).replaceAll(""));
    } catch (IOException e) {
      throw ApiError.badRequest("unreadable JSON: " + e.getMessage());
    }
  }
}
