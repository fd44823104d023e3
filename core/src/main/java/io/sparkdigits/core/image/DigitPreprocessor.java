package io.sparkdigits.core.image;

import java.awt.Image;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.PixelGrabber;
import java.awt.image.Raster;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns a picture of one digit into what the network was trained on, the way MNIST was made:
 * grayscale, ink light on a dark background (inverted when the background is light), cropped to
 * the ink's bounding box, scaled to fit a 20x20 box keeping its aspect ratio (area averaging, so
 * strokes stay anti-aliased), and placed in a 28x28 image with its centre of mass in the middle.
 * Sizes scale with {@code side} for datasets of other image sizes.
 *
 * <p>A digit that is already so normalised (its longer side exactly the box, its centre of mass
 * within half a pixel of the middle) comes out unchanged, byte for byte, as do all of the first
 * 1,000 MNIST test digits.
 */
public final class DigitPreprocessor {
  /** MNIST's box for the digit inside its 28x28 image. */
  private static final double BOX_FRACTION = 20.0 / 28.0;
  /** Less difference than this between the faintest and strongest ink (of 255) is a blank image. */
  private static final int MIN_CONTRAST = 32;
  /** The share of the border that is at most background noise: the rest may be the digit touching it. */
  private static final double BORDER_NOISE_QUANTILE = 0.9;

  private final int side;
  private final int box;

  public DigitPreprocessor(int side) {
    this.side = side;
    this.box = (int) Math.round(side * BOX_FRACTION);
  }

  /** The MNIST-normalised digit: {@code side x side} unsigned bytes, row-major, 0 background, 255 ink. */
  public byte[] normalise(BufferedImage image) {
    int[][] ink = ink(image);
    int height = ink.length;
    int width = ink[0].length;
    int strongest = 0;
    int faintest = 255;
    List<Integer> border = new ArrayList<>();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        strongest = Math.max(strongest, ink[y][x]);
        faintest = Math.min(faintest, ink[y][x]);
        if (y == 0 || x == 0 || y == height - 1 || x == width - 1) {
          border.add(ink[y][x]);
        }
      }
    }
    requireContrast(strongest, faintest);
    // the digit's box holds the ink above the background's noise, which most of the border shows
    // (none in a clean image, whose box then holds every inked pixel, as MNIST's did); a digit
    // touching the border still has its stronger half
    Collections.sort(border);
    int noise = border.get((int) (BORDER_NOISE_QUANTILE * (border.size() - 1)));
    int background = Math.min(noise, strongest / 2);
    int top = height;
    int bottom = -1;
    int left = width;
    int right = -1;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (ink[y][x] > background) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
    }
    int[][] digit = fitToBox(crop(ink, top, left, bottom - top + 1, right - left + 1));
    return centred(digit);
  }

  /**
   * The image as it is, only made grayscale and light-on-dark: for images that are already
   * {@code side x side} MNIST-like digits.
   */
  public byte[] asIs(BufferedImage image) {
    if (image.getWidth() != side || image.getHeight() != side) {
      throw new BadImageException("the image is " + image.getWidth() + "x" + image.getHeight() + ", not "
          + side + "x" + side);
    }
    int[][] ink = ink(image);
    byte[] pixels = new byte[side * side];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        pixels[y * side + x] = (byte) ink[y][x];
      }
    }
    requireInk(pixels);
    return pixels;
  }

  /**
   * Refuses a blank digit, as pixels 0 (background) to 255 (ink): the one rule for pictures and
   * for pixels sent as they are, so that neither gets a prediction the other is refused.
   */
  public static void requireInk(byte[] pixels) {
    int strongest = 0;
    int faintest = 255;
    for (byte pixel : pixels) {
      strongest = Math.max(strongest, Byte.toUnsignedInt(pixel));
      faintest = Math.min(faintest, Byte.toUnsignedInt(pixel));
    }
    requireContrast(strongest, faintest);
  }

  private static void requireContrast(int strongest, int faintest) {
    if (strongest - faintest < MIN_CONTRAST) {
      throw new BadImageException("no digit: the image is blank");
    }
  }

  /**
   * Ink per pixel, 0 to 255: the gray level (luminance for colour images) over a white background
   * where the image is transparent, inverted when the border is light on average (dark ink on
   * paper). Gray images are read from their raster: Java's RGB view of them is gamma-converted.
   */
  private static int[][] ink(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    Raster raster = image.getRaster();
    ColorModel colours = image.getColorModel();
    boolean grayRaster = colours.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    int grayMax = (1 << colours.getComponentSize(0)) - 1;
    int alphaMax = colours.hasAlpha() ? (1 << colours.getComponentSize(colours.getNumComponents() - 1)) - 1 : 1;
    int[][] gray = new int[height][width];
    // a row at a time: getRGB of one pixel allocates its own array, some 30 bytes a pixel of garbage
    int[] rowRgb = grayRaster ? null : new int[width];
    long borderSum = 0;
    int borderCount = 0;
    for (int y = 0; y < height; y++) {
      if (!grayRaster) {
        image.getRGB(0, y, width, 1, rowRgb, 0, width);
      }
      for (int x = 0; x < width; x++) {
        double level;
        double alpha;
        if (grayRaster) {
          level = raster.getSample(x, y, 0) * 255.0 / grayMax;
          alpha = colours.hasAlpha() ? raster.getSample(x, y, raster.getNumBands() - 1) / (double) alphaMax : 1;
        } else {
          int argb = rowRgb[x];
          level = 0.299 * ((argb >> 16) & 0xff) + 0.587 * ((argb >> 8) & 0xff) + 0.114 * (argb & 0xff);
          alpha = (argb >>> 24) / 255.0;
        }
        gray[y][x] = (int) Math.round(alpha * level + (1 - alpha) * 255);
        if (y == 0 || x == 0 || y == height - 1 || x == width - 1) {
          borderSum += gray[y][x];
          borderCount++;
        }
      }
    }
    if (borderSum > 127L * borderCount) {
      for (int[] row : gray) {
        for (int x = 0; x < width; x++) {
          row[x] = 255 - row[x];
        }
      }
    }
    return gray;
  }

  private static int[][] crop(int[][] ink, int top, int left, int height, int width) {
    int[][] cropped = new int[height][width];
    for (int y = 0; y < height; y++) {
      System.arraycopy(ink[top + y], left, cropped[y], 0, width);
    }
    return cropped;
  }

  /** Scaled so that the longer side is the box; a digit of that size already is left alone. */
  private int[][] fitToBox(int[][] digit) {
    int height = digit.length;
    int width = digit[0].length;
    if (Math.max(height, width) == box) {
      return digit;
    }
    double scale = (double) box / Math.max(height, width);
    int scaledWidth = Math.max(1, (int) Math.round(width * scale));
    int scaledHeight = Math.max(1, (int) Math.round(height * scale));
    BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int v = digit[y][x];
        gray.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    Image scaled = gray.getScaledInstance(scaledWidth, scaledHeight, Image.SCALE_AREA_AVERAGING);
    int[] rgb = new int[scaledWidth * scaledHeight];
    PixelGrabber grabber = new PixelGrabber(scaled, 0, 0, scaledWidth, scaledHeight, rgb, 0, scaledWidth);
    try {
      grabber.grabPixels();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while scaling an image", e);
    }
    int[][] result = new int[scaledHeight][scaledWidth];
    for (int y = 0; y < scaledHeight; y++) {
      for (int x = 0; x < scaledWidth; x++) {
        result[y][x] = rgb[y * scaledWidth + x] & 0xff;
      }
    }
    return result;
  }

  /** The digit placed in a {@code side x side} image so that its centre of mass is the image's centre. */
  private byte[] centred(int[][] digit) {
    int height = digit.length;
    int width = digit[0].length;
    double mass = 0;
    double sumX = 0;
    double sumY = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        mass += digit[y][x];
        sumX += x * (double) digit[y][x];
        sumY += y * (double) digit[y][x];
      }
    }
    // as MNIST did: the centre of mass, in pixel indices, lands on index side / 2 (14 of 0..27)
    int left = (int) Math.round(side / 2.0 - sumX / mass);
    int top = (int) Math.round(side / 2.0 - sumY / mass);
    byte[] pixels = new byte[side * side];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int targetX = left + x;
        int targetY = top + y;
        if (targetX >= 0 && targetX < side && targetY >= 0 && targetY < side) {
          pixels[targetY * side + targetX] = (byte) digit[y][x];
        }
      }
    }
    return pixels;
  }
}
