package io.sparkdigits.core.report;

import io.sparkdigits.core.metrics.MisclassifiedDigit;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.List;

/**
 * A grid of digit images, each with lines of caption under it. The digits are the images' own
 * pixels, enlarged; only the captions are drawn.
 */
final class DigitGrid {
  private static final int MISCLASSIFIED_COLUMNS = 6;
  private static final int SCALE = 3;
  private static final int LINE = 13;
  private static final int MARGIN = 12;
  private static final Color PREDICTED = new Color(0xc0392b);

  /** One line of a caption. */
  record Caption(String text, Color color) {}

  /** One digit of the grid: its {@code rows x columns} unsigned bytes, row-major, and its caption. */
  record Cell(byte[] pixels, List<Caption> captions) {}

  private DigitGrid() {}

  /** Misclassified test images with their labels and predictions, {@value #MISCLASSIFIED_COLUMNS} to a row. */
  static BufferedImage misclassified(List<MisclassifiedDigit> digits, int rows, int columns) {
    List<Cell> cells = digits.stream().map(digit -> new Cell(digit.pixels(), List.of(
        new Caption("#" + digit.index() + " true " + digit.label(), Color.BLACK),
        new Caption(String.format("predicted %d (%.0f%%)", digit.predicted(), 100 * digit.probability()), PREDICTED))))
        .toList();
    return of(cells, MISCLASSIFIED_COLUMNS, rows, columns);
  }

  /** The cells of {@code rows x columns} images, {@code gridColumns} to a row of the grid, as many rows as they fill. */
  static BufferedImage of(List<Cell> cells, int gridColumns, int rows, int columns) {
    if (cells.isEmpty()) {
      throw new IllegalArgumentException("a grid of no digits");
    }
    int width = columns * SCALE;
    int height = rows * SCALE;
    int cell = Math.max(width, 110) + MARGIN;
    int caption = 4 + LINE * cells.stream().mapToInt(c -> c.captions().size()).max().orElse(0);
    int gridRows = (cells.size() + gridColumns - 1) / gridColumns;
    BufferedImage grid = new BufferedImage(gridColumns * cell + MARGIN, gridRows * (height + MARGIN + caption) + MARGIN,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      for (int i = 0; i < cells.size(); i++) {
        int x = MARGIN + (i % gridColumns) * cell;
        int y = MARGIN + (i / gridColumns) * (height + MARGIN + caption);
        g.drawImage(image(cells.get(i).pixels(), rows, columns), x, y, width, height, null);
        List<Caption> lines = cells.get(i).captions();
        for (int line = 0; line < lines.size(); line++) {
          g.setColor(lines.get(line).color());
          g.drawString(lines.get(line).text(), x, y + height + 12 + line * LINE);
        }
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
