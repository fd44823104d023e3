package io.sparkdigits.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdigits.core.image.BadImageException;
import io.sparkdigits.core.image.DigitPreprocessor;

/**
 * A digit sent as JSON pixel values into the network's input: {@code side x side} numbers, row
 * by row, each 0 (background) to 255 (ink), as the IDX files of MNIST hold them. They are taken
 * as they are, with no normalisation; a value between integers is rounded to the nearest one.
 *
 * <p>Values all within 0..1 with a fraction among them are a digit scaled to 0..1, as Keras and
 * TF Serving clients send it: read as 0..255 it would be a faint smudge and get a confident wrong
 * answer, so it is refused. A blank digit is refused by the same rule as a blank picture.
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
    double largest = 0;
    boolean fractions = false;
    for (int i = 0; i < image.length; i++) {
      JsonNode value = pixels.get(i);
      if (!value.isNumber()) {
        throw ApiError.badRequest("pixels[" + i + "] is " + value.getNodeType().name().toLowerCase()
            + ", not a number 0 to 255");
      }
      double level = value.doubleValue();
      if (Double.isNaN(level)) {
        throw ApiError.badRequest("pixels[" + i + "] is NaN, not a number 0 to 255");
      }
      if (!(level >= 0 && level <= 255)) {
        throw ApiError.badRequest("pixels[" + i + "] is " + value.asText() + ": values lie in 0 to 255");
      }
      largest = Math.max(largest, level);
      fractions |= level != Math.rint(level);
      image[i] = (byte) Math.round(level);
    }
    if (fractions && largest <= 1) {
      throw ApiError.badRequest("\"pixels\" are on a 0 to 1 scale: send them 0 (background) to 255 (ink), as MNIST's"
          + " files hold them");
    }
    try {
      DigitPreprocessor.requireInk(image);
    } catch (BadImageException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    return image;
  }
}
