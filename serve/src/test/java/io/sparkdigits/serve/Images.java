package io.sparkdigits.serve;

import io.sparkdigits.core.testing.DigitDrawings;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Pictures as a client sends them: PNG or JPEG bytes. */
final class Images {
  private Images() {}

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no " + format + " writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] png(BufferedImage image) {
    return encode(image, "png");
  }

  /** A 28x28 digit's unsigned bytes as a gray PNG, as a person saving an MNIST digit would. */
  static byte[] png(byte[] pixels) {
    return png(DigitDrawings.grayImage(pixels, Digits.SIDE));
  }

  /** Digit {@code label} drawn in black on a white 200x200 picture, as on paper. */
  static BufferedImage drawn(int label) {
    return DigitDrawings.draw(label, 200, 200, 6f, Color.BLACK, Color.WHITE, 0, 0);
  }
}
