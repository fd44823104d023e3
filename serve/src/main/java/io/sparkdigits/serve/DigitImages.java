package io.sparkdigits.serve;

import io.sparkdigits.common.predict.DigitPreprocessor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A PNG or JPEG picture of a digit, as a request sends it, into the network's input: decoded,
 * then normalised by {@link DigitPreprocessor#normalise}, the predict job's own path. Its size is
 * read from its header and refused before its pixels are decoded: a few kilobytes of PNG can
 * claim 10,000 x 10,000 pixels, hundreds of megabytes once decoded.
 */
final class DigitImages {
  /** The largest side accepted: a photo from a phone fits, a decompression bomb does not. */
  static final int MAX_SIDE = 4096;
  private static final List<String> FORMATS = List.of("png", "jpeg");

  private DigitImages() {}

  /** The digit in {@code bytes}, MNIST-normalised to {@code side x side} unsigned bytes. */
  static byte[] normalise(byte[] bytes, int side) {
    BufferedImage image = decode(bytes);
    try {
      return new DigitPreprocessor(side).normalise(image);
    } catch (IllegalArgumentException e) {
      // "no digit: the image is blank"
      throw ApiError.badRequest(e.getMessage());
    }
  }

  static BufferedImage decode(byte[] bytes) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      ImageReader reader = readerFor(in);
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width > MAX_SIDE || height > MAX_SIDE) {
          throw ApiError.tooLarge("the image is " + width + "x" + height + " pixels, over the limit of " + MAX_SIDE
              + "x" + MAX_SIDE);
        }
        if (width < 1 || height < 1) {
          throw ApiError.badRequest("the image is " + width + "x" + height + " pixels: it is empty");
        }
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiError error) {
        throw error;
      }
      // a truncated PNG, a CMYK JPEG, a corrupt header: ImageIO says which in its message
      throw ApiError.badRequest("not a readable PNG or JPEG image: " + e.getMessage());
    }
  }

  /** A PNG or JPEG reader whose format recognises the bytes; 400 when neither does. */
  private static ImageReader readerFor(ImageInputStream in) throws IOException {
    List<ImageReader> candidates = new ArrayList<>();
    for (String format : FORMATS) {
      for (Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format); readers.hasNext(); ) {
        candidates.add(readers.next());
      }
    }
    ImageReader found = null;
    for (ImageReader reader : candidates) {
      // canDecodeInput only peeks at the header, and resets the stream
      if (found == null && reader.getOriginatingProvider().canDecodeInput(in)) {
        found = reader;
      } else {
        reader.dispose();
      }
    }
    if (found == null) {
      throw ApiError.badRequest("not an image: the body is neither a PNG nor a JPEG");
    }
    return found;
  }
}
