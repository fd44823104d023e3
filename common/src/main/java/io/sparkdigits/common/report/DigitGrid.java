package io.sparkdigits.common.report;

import io.sparkdigits.common.metrics.MisclassifiedDigit;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.List;

/**
 * A grid of test images with their labels and predictions. The digits are the images' own pixels,
 * enlarged; only the captions are drawn.
 */
final class DigitGrid {
  private static final int COLUMNS = 6;
  private static final int SCALE = 3;
  private static final int CAPTION = 30;
  private static final int MARGIN = 12;

  private DigitGrid() {}

  /**
   * The digits, each with its {@code rows x columns} unsigned bytes, row-major, {@value #COLUMNS}
   * to a row of the grid, as many rows as they fill.
   */
  static BufferedImage of(List<MisclassifiedDigit> digits, int rows, int columns) {
    if (digits.isEmpty()) {
      throw new IllegalArgumentException("a grid of no digits");
    }
    int width = columns * SCALE;
    int height = rows * SCALE;
    int cell = Math.max(width, 110) + MARGIN;
    int gridRows = (digits.size() + COLUMNS - 1) / COLUMNS;
    BufferedImage grid = new BufferedImage(COLUMNS * cell + MARGIN, gridRows * (height + MARGIN + CAPTION) + MARGIN,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      for (int i = 0; i < digits.size(); i++) {
        MisclassifiedDigit digit = digits.get(i);
        int x = MARGIN + (i % COLUMNS) * cell;
        int y = MARGIN + (i / COLUMNS) * (height + MARGIN + CAPTION);
        g.drawImage(image(digit.pixels(), rows, columns), x, y, width, height, null);
        g.setColor(Color.BLACK);
        g.drawString("#" + digit.index() + " true " + digit.label(), x, y + height + 12);
        g.setColor(new Color(0xc0392b));
        g.drawString(String.format("predicted %d (%.0f%%)", digit.predicted(), 100 * digit.probability()), x,
            y + height + 25);
      }
    } finally {
      g.dispose();
    }
    return grid;
  }

  /** The digit as MNIST shows it, white ink on black. */
  private static BufferedImage image(byte[] pixels, int rows, int columns) {
    BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = image.getRaster();
    for (int i = 0; i < rows * columns; i++) {
      raster.setSample(i % columns, i / columns, 0, Byte.toUnsignedInt(pixels[i]));
    }
    return image;
  }
}
