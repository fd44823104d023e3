package io.sparkdigits.serve;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Digits as a hand draws them: each one or two strokes, a stroke a polyline of points in the unit
 * square (x to the right, y down). The browser test draws them on the page's canvas with the
 * pointer; without the real MNIST files, the model it serves learns them from Java2D renderings.
 */
final class StrokeDigits {
  /** A point of a stroke, both coordinates in [0, 1]. */
  record Point(double x, double y) {}

  private StrokeDigits() {}

  /** The strokes of {@code digit}, in the order a hand draws them. */
  static List<List<Point>> strokes(int digit) {
    return switch (digit) {
      case 0 -> List.of(ellipse(0.5, 0.5, 0.27, 0.4, 28));
      case 1 -> List.of(points(0.42, 0.2, 0.55, 0.1, 0.55, 0.9));
      case 2 -> List.of(points(0.25, 0.28, 0.33, 0.14, 0.5, 0.09, 0.67, 0.14, 0.74, 0.29, 0.68, 0.45, 0.5, 0.62,
          0.24, 0.88, 0.78, 0.88));
      case 3 -> List.of(points(0.26, 0.18, 0.44, 0.09, 0.64, 0.12, 0.72, 0.26, 0.63, 0.41, 0.44, 0.48, 0.64, 0.55,
          0.74, 0.7, 0.66, 0.86, 0.45, 0.91, 0.25, 0.83));
      case 4 -> List.of(points(0.32, 0.1, 0.24, 0.56, 0.78, 0.56), points(0.64, 0.1, 0.64, 0.92));
      case 5 -> List.of(points(0.73, 0.1, 0.33, 0.1, 0.29, 0.44, 0.5, 0.39, 0.69, 0.48, 0.74, 0.67, 0.63, 0.85,
          0.43, 0.9, 0.26, 0.82));
      case 6 -> List.of(points(0.66, 0.1, 0.46, 0.24, 0.33, 0.47, 0.3, 0.7, 0.4, 0.88, 0.58, 0.9, 0.7, 0.76, 0.67,
          0.59, 0.5, 0.52, 0.33, 0.62));
      case 7 -> List.of(points(0.22, 0.12, 0.78, 0.12, 0.44, 0.9));
      case 8 -> List.of(points(0.68, 0.2, 0.5, 0.09, 0.32, 0.2, 0.36, 0.38, 0.64, 0.6, 0.69, 0.78, 0.5, 0.91, 0.31,
          0.78, 0.36, 0.6, 0.64, 0.38, 0.68, 0.2));
      case 9 -> List.of(points(0.7, 0.28, 0.6, 0.11, 0.42, 0.09, 0.3, 0.21, 0.33, 0.39, 0.5, 0.44, 0.7, 0.3, 0.68,
          0.6, 0.62, 0.91));
      default -> throw new IllegalArgumentException("not a digit: " + digit);
    };
  }

  /**
   * {@code digit} drawn in a {@code side x side} picture, dark ink {@code strokeWidth} wide on white,
   * as the page's canvas holds it: the unit square fills the picture.
   */
  static BufferedImage render(int digit, int side, float strokeWidth) {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, side, side);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(strokeWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      for (List<Point> stroke : strokes(digit)) {
        Path2D.Double line = new Path2D.Double();
        line.moveTo(stroke.get(0).x() * side, stroke.get(0).y() * side);
        for (Point point : stroke.subList(1, stroke.size())) {
          line.lineTo(point.x() * side, point.y() * side);
        }
        g.draw(line);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static List<Point> points(double... xy) {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < xy.length; i += 2) {
      points.add(new Point(xy[i], xy[i + 1]));
    }
    return points;
  }

  /** An ellipse drawn from its top, anticlockwise as most hands draw a 0, closed. */
  private static List<Point> ellipse(double cx, double cy, double rx, double ry, int segments) {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i <= segments; i++) {
      double angle = 2 * Math.PI * i / segments;
      points.add(new Point(cx - rx * Math.sin(angle), cy - ry * Math.cos(angle)));
    }
    return points;
  }
}
