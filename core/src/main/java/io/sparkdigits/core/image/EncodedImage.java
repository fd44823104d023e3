package io.sparkdigits.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * A picture of a digit as its file or request body holds it, a PNG or a JPEG: the one way the
 * predict job and the server decode pictures, with one set of limits. {@link #open} reads and
 * checks the header before any pixel is decoded: a few kilobytes of PNG can declare 30,000 x 30,000
 * pixels, gigabytes once decoded, so a picture over {@value #MAX_SIDE} pixels a side is refused
 * there; so is a CMYK JPEG, which ImageIO reads as an all-black picture when its ink is stored
 * inverted, as Adobe's CMYK JPEGs store it. {@link #decode} then decodes it.
 *
 * <p>Every refusal is a {@link BadImageException} naming the problem. A failure of the decoder
 * itself is not the picture's fault and is thrown as it is: ImageIO's PNG reader wraps even an
 * {@link OutOfMemoryError} in an {@link IOException}, whose Error is thrown again here.
 */
public final class EncodedImage implements AutoCloseable {
  /** The largest side read: a photo from a phone fits, a decompression bomb does not. */
  public static final int MAX_SIDE = 4096;
  public static final long MAX_PIXELS = (long) MAX_SIDE * MAX_SIDE;
  /**
   * The heap that decoding and normalising a picture allocates per pixel, at most over PNG and JPEG
   * of every pixel format (23.1 bytes, 16-bit RGBA PNG; 16 for 8-bit gray): the decoded picture and
   * {@link DigitPreprocessor}'s working copies, nearly all held until the digit is made, so also a
   * bound on what one decode holds at once. Measured by {@code DecodeCostBenchmark}
   * (docs/serving.md), rounded up.
   */
  public static final int HEAP_BYTES_PER_PIXEL = 24;

  private static final List<String> FORMATS = List.of("png", "jpeg");

  private final ImageInputStream in;
  private final ImageReader reader;
  private final String format;
  private final int width;
  private final int height;

  private EncodedImage(ImageInputStream in, ImageReader reader, int width, int height) {
    this.in = in;
    this.reader = reader;
    this.format = formatOf(reader);
    this.width = width;
    this.height = height;
  }

  /** The picture in {@code bytes}, its header read and within the limits; close it when done. */
  public static EncodedImage open(byte[] bytes) {
    // in memory: ImageIO's own stream for an InputStream would cache it in a temporary file
    ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
    ImageReader reader = null;
    try {
      reader = readerFor(in);
      reader.setInput(in, true, true);
      EncodedImage image = new EncodedImage(in, reader, reader.getWidth(0), reader.getHeight(0));
      image.checkHeader();
      return image;
    } catch (IOException | RuntimeException e) {
      if (reader != null) {
        reader.dispose();
      }
      close(in);
      if (e instanceof BadImageException refused) {
        throw refused;
      }
      throw unreadable(reader, e);
    }
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public long pixels() {
    return (long) width * height;
  }

  /** The decoded picture. */
  public BufferedImage decode() {
    try {
      return reader.read(0);
    } catch (IOException | RuntimeException e) {
      throw unreadable(reader, e);
    }
  }

  @Override
  public void close() {
    reader.dispose();
    close(in);
  }

  private void checkHeader() throws IOException {
    if (width > MAX_SIDE || height > MAX_SIDE) {
      throw new BadImageException("the image is " + width + "x" + height + " pixels, over the limit of " + MAX_SIDE
          + "x" + MAX_SIDE, true);
    }
    if (width < 1 || height < 1) {
      throw new BadImageException("the image is " + width + "x" + height + " pixels: it is empty");
    }
    // the type it decodes to, as its header declares it
    Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
    int space = types.hasNext() ? types.next().getColorModel().getColorSpace().getType() : -1;
    if (space != ColorSpace.TYPE_RGB && space != ColorSpace.TYPE_GRAY) {
      throw new BadImageException("a " + (space == ColorSpace.TYPE_CMYK ? "CMYK " + format
          : format + " in a colour space other than RGB or grayscale") + " is not supported: save it in RGB or grayscale");
    }
  }

  /** A PNG or JPEG reader that recognises the bytes by their signature. */
  private static ImageReader readerFor(ImageInputStream in) {
    for (Iterator<ImageReader> readers = ImageIO.getImageReaders(in); readers.hasNext(); ) {
      ImageReader reader = readers.next();
      if (FORMATS.contains(formatOf(reader).toLowerCase(Locale.ROOT))) {
        return reader;
      }
      reader.dispose();
    }
    throw new BadImageException("not an image: neither a PNG nor a JPEG");
  }

  /**
   * The picture's fault, unless the reader failed for want of memory or another Error, which
   * ImageIO wraps in an exception of its own: that is thrown again, as the server's failure.
   */
  private static RuntimeException unreadable(ImageReader reader, Exception failure) {
    for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof Error error) {
        throw error;
      }
    }
    String format = reader == null ? "PNG or JPEG" : formatOf(reader);
    return new BadImageException("not a readable " + format + ": its data is corrupt or cut short");
  }

  /** "PNG" or "JPEG". */
  private static String formatOf(ImageReader reader) {
    return reader.getOriginatingProvider().getFormatNames()[0].toUpperCase(Locale.ROOT);
  }

  private static void close(ImageInputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // never: a stream over bytes in memory
      throw new UncheckedIOException(e);
    }
  }
}
