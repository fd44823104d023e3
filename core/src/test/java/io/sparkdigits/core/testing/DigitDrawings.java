package io.sparkdigits.core.testing;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/** Pictures of digits for the tests of prediction: drawn with Java2D, or made from pixels. */
public final class DigitDrawings {
  private DigitDrawings() {}

  /**
   * The digit {@code label} in a {@code width x height} picture: the glyph of a sans-serif font,
   * filled and outlined with a pen {@code strokeWidth} wide in {@code ink} on {@code paper}, filling
   * about 70% of the height, its centre moved by {@code dx, dy} pixels.
   */
  public static BufferedImage draw(int label, int width, int height, float strokeWidth, Color ink, Color paper,
      int dx, int dy) {
    BufferedImage image = filled(width, height, paper);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 100);
      Shape glyph = font.createGlyphVector(g.getFontRenderContext(), Integer.toString(label)).getOutline();
      Rectangle2D bounds = glyph.getBounds2D();
      double scale = 0.7 * height / bounds.getHeight();
      AffineTransform placement = new AffineTransform();
      placement.translate(width / 2.0 + dx, height / 2.0 + dy);
      placement.scale(scale, scale);
      placement.translate(-bounds.getCenterX(), -bounds.getCenterY());
      Shape shape = placement.createTransformedShape(glyph);
      g.setColor(ink);
      g.fill(shape);
      g.setStroke(new BasicStroke(strokeWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(shape);
    } finally {
      g.dispose();
    }
    return image;
  }

  public static BufferedImage filled(int width, int height, Color color) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  /** An 8-bit gray image of {@code side x side} unsigned bytes, row-major, as a gray PNG holds them. */
  public static BufferedImage grayImage(byte[] pixels, int side) {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = image.getRaster();
    for (int i = 0; i < pixels.length; i++) {
      raster.setSample(i % side, i / side, 0, Byte.toUnsignedInt(pixels[i]));
    }
    return image;
  }
}
