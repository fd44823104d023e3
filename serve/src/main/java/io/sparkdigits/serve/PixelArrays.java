package io.sparkdigits.serve;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A digit sent as JSON pixel values into the network's input: {@code side x side} numbers, row
 * by row, each 0 (background) to 255 (ink), as the IDX files of MNIST hold them. They are taken
 * as they are, with no normalisation; a value between integers is rounded to the nearest one.
 */
final class PixelArrays {
  private PixelArrays() {}

  static byte[] fromJson(JsonNode pixels, int side) {
    if (pixels == null || pixels.isNull() || pixels.isMissingNode()) {
      throw ApiError.badRequest("no \"pixels\": send {\"pixels\": [" + side * side + " numbers 0 to 255]}");
    }
    if (!pixels.isArray()) {
      throw ApiError.badRequest("\"pixels\" must be an array of " + side * side + " numbers 0 to 255, not "
          + pixels.getNodeType().name().toLowerCase());
    }
    if (pixels.size() != side * side) {
      throw ApiError.badRequest("\"pixels\" has " + pixels.size() + " values: the model takes " + side * side + " ("
          + side + "x" + side + ", row by row)");
    }
    byte[] image = new byte[side * side];
    for (int i = 0; i < image.length; i++) {
      JsonNode value = pixels.get(i);
      if (!value.isNumber()) {
        throw ApiError.badRequest("pixels[" + i + "] is " + value.getNodeType().name().toLowerCase()
            + ", not a number 0 to 255");
      }
      double level = value.doubleValue();
      if (!(level >= 0 && level <= 255)) {
        throw ApiError.badRequest("pixels[" + i + "] is " + value.asText() + ": values lie in 0 to 255");
      }
      image[i] = (byte) Math.round(level);
    }
    return image;
  }
}
