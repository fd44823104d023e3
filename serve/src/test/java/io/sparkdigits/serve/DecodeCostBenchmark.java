package io.sparkdigits.serve;

import io.sparkdigits.core.image.DigitPreprocessor;
import io.sparkdigits.core.image.EncodedImage;
import io.sparkdigits.core.testing.DigitDrawings;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What decoding and normalising a picture costs per megapixel, the figure {@link DecodeBudget}
 * sizes its budget by: for a PNG or JPEG of each pixel format, the median over {@link #RUNS} runs
 * of the time and of the heap allocated by {@code EncodedImage.open}, {@code decode} and
 * {@code DigitPreprocessor.normalise}, on one thread. The heap allocated is an upper bound of what
 * one decode holds at once. The digit fills the picture, so that the crop is the whole picture, the
 * costliest case. Run by docs/serving.md's command (-Ddecode.cost=true).
 */
@EnabledIfSystemProperty(named = "decode.cost", matches = "true")
class DecodeCostBenchmark {
  private static final int RUNS = Integer.getInteger("decode.cost.runs", 5);
  private static final int SIDE = EncodedImage.MAX_SIDE;

  private record Format(String name, String encoding, BufferedImage blank) {}

  @Test
  void printTheCostOfDecodingPerMegapixel() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    BufferedImage digit = DigitDrawings.draw(8, SIDE, SIDE, SIDE / 60f, Color.BLACK, Color.WHITE, 0, 0);
    Format[] formats = {
        new Format("PNG 8-bit gray", "png", new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY)),
        new Format("PNG 16-bit gray", "png", new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_USHORT_GRAY)),
        new Format("PNG 8-bit RGB", "png", new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_3BYTE_BGR)),
        new Format("PNG 8-bit RGBA", "png", new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_4BYTE_ABGR)),
        new Format("PNG 16-bit RGBA", "png", rgba16()),
        new Format("JPEG gray", "jpeg", new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY)),
        new Format("JPEG RGB", "jpeg", new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_3BYTE_BGR))};
    double megapixels = (double) SIDE * SIDE / 1e6;
    System.out.printf("decode cost: %dx%d pictures (%.1f megapixels), median of %d runs, %s, %d cores%n", SIDE, SIDE,
        megapixels, RUNS, System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());
    double worstBytesPerPixel = 0;
    for (Format format : formats) {
      Graphics2D g = format.blank().createGraphics();
      g.drawImage(digit, 0, 0, null);
      g.dispose();
      byte[] encoded = Images.encode(format.blank(), format.encoding());
      long[] nanos = new long[RUNS];
      long[] bytes = new long[RUNS];
      for (int run = 0; run < RUNS; run++) {
        long allocated = threads.getCurrentThreadAllocatedBytes();
        long started = System.nanoTime();
        try (EncodedImage image = EncodedImage.open(encoded)) {
          new DigitPreprocessor(28).normalise(image.decode());
        }
        nanos[run] = System.nanoTime() - started;
        bytes[run] = threads.getCurrentThreadAllocatedBytes() - allocated;
      }
      double bytesPerPixel = median(bytes) / (megapixels * 1e6);
      worstBytesPerPixel = Math.max(worstBytesPerPixel, bytesPerPixel);
      System.out.printf("decode cost: %-16s %8d bytes encoded: %6.1f ms and %5.1f MB of heap a megapixel%n",
          format.name(), encoded.length, median(nanos) / 1e6 / megapixels, bytesPerPixel);
    }
    System.out.printf("decode cost: at most %.1f bytes of heap a pixel (EncodedImage.HEAP_BYTES_PER_PIXEL is %d)%n",
        worstBytesPerPixel, EncodedImage.HEAP_BYTES_PER_PIXEL);
  }

  /** 16 bits a channel, RGB and alpha: 8 bytes a pixel decoded, the largest a PNG gives. */
  private static BufferedImage rgba16() {
    ComponentColorModel colours = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
        Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
    return new BufferedImage(colours, colours.createCompatibleWritableRaster(SIDE, SIDE), false, null);
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
