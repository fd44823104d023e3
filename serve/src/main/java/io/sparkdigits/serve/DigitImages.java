package io.sparkdigits.serve;

import io.sparkdigits.core.image.BadImageException;
import io.sparkdigits.core.image.DigitPreprocessor;
import io.sparkdigits.core.image.EncodedImage;

/**
 * A PNG or JPEG picture of a digit, as a request sends it, into the network's input: decoded by
 * {@link EncodedImage} and normalised by {@link DigitPreprocessor#normalise}, the predict job's own
 * path and limits, within the server's {@link DecodeBudget}. A picture refused for its own fault is
 * a 413 (too large) or 400; anything else, an Error above all, is the server's and goes on up.
 */
final class DigitImages {
  private final DecodeBudget budget;

  DigitImages(DecodeBudget budget) {
    this.budget = budget;
  }

  /** The digit in {@code bytes}, MNIST-normalised to {@code side x side} unsigned bytes. */
  byte[] normalise(byte[] bytes, int side) {
    try (EncodedImage image = EncodedImage.open(bytes); DecodeBudget.Lease decoding = budget.take(image.pixels())) {
      return new DigitPreprocessor(side).normalise(image.decode());
    } catch (BadImageException e) {
      throw e.tooLarge() ? ApiError.tooLarge(e.getMessage()) : ApiError.badRequest(e.getMessage());
    }
  }
}
