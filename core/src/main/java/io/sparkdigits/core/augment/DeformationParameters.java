package io.sparkdigits.core.augment;

import io.sparkdigits.core.UsageException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How strongly {@link ElasticDeformation} deforms an image, every length in pixels, as in Simard,
 * Steinkraus and Platt (2003): an elastic distortion, a random displacement per pixel and axis
 * smoothed by a Gaussian of {@code elasticSigma} and scaled by {@code elasticAlpha} (0: none), and a
 * random affine transform about the image's centre, each part drawn uniformly within its bound: a
 * rotation of up to {@code maxRotationDegrees} either way, a scale between {@code 1 - maxScale} and
 * {@code 1 + maxScale}, a horizontal shear of up to {@code maxShear} (a shift of that many pixels per
 * pixel of height) and a shift of up to {@code maxShift} pixels along each axis. Each is the
 * option of the same name ({@code --max-shift}, ...), which the messages name.
 */
public record DeformationParameters(
    double elasticAlpha,
    double elasticSigma,
    double maxRotationDegrees,
    double maxScale,
    double maxShear,
    double maxShift) implements Serializable {

  /**
   * The standard deviation of the elastic displacement, in pixels, per unit of alpha over sigma:
   * uniform noise on [-1, 1] (standard deviation 1/sqrt 3) smoothed by a normalised 2-D Gaussian of
   * sigma keeps 1/(2 sigma sqrt(pi)) of it, so sigma 4 and alpha 34 move a pixel by about 1.4.
   */
  private static final double ELASTIC_SPREAD = 1 / (Math.sqrt(3) * 2 * Math.sqrt(Math.PI));

  public DeformationParameters {
    requireAtLeastZero("--elastic-alpha", elasticAlpha);
    if (!(elasticSigma > 0) || Double.isInfinite(elasticSigma)) {
      throw new UsageException("--elastic-sigma must be a positive number of pixels, got " + elasticSigma);
    }
    requireAtLeastZero("--max-rotation", maxRotationDegrees);
    if (maxRotationDegrees > 180) {
      throw new UsageException("--max-rotation is in degrees, at most 180, got " + maxRotationDegrees);
    }
    requireAtLeastZero("--max-scale", maxScale);
    if (maxScale >= 1) {
      throw new UsageException("--max-scale must be below 1 (the scale lies in 1 +- max scale), got " + maxScale);
    }
    requireAtLeastZero("--max-shear", maxShear);
    requireAtLeastZero("--max-shift", maxShift);
  }

  /**
   * Checks that these deformations suit images of {@code rows x columns} pixels ({@code data} names
   * them for the user): none may move a pixel by more than half the image's smaller side, the shift
   * along an axis, the shear at the top and bottom rows, and the elastic field by its standard
   * deviation; nor may the Gaussian be wider than that side, where it would smooth the field into
   * a plain shift. Larger values would push the ink of most copies out of the image, which copies
   * then fall back to their original after many draws.
   */
  public void requireFits(int rows, int columns, String data) {
    double reach = Math.min(rows, columns) / 2.0;
    String images = "the " + rows + "x" + columns + " images of " + data;
    if (maxShift > reach) {
      throw new UsageException(String.format("--max-shift %s would shift %s out of themselves: at most %s pixels, "
          + "half the image's smaller side", number(maxShift), images, number(reach)));
    }
    double shearBound = reach / (rows / 2.0);
    if (maxShear > shearBound) {
      throw new UsageException(String.format("--max-shear %s would move the top and bottom rows of %s %s pixels "
          + "sideways: at most %s, which moves them half the image's smaller side", number(maxShear), images,
          number(maxShear * rows / 2), number(shearBound)));
    }
    if (elasticSigma > 2 * reach) {
      throw new UsageException(String.format("--elastic-sigma %s is wider than %s: at most %s pixels, the image's "
          + "smaller side", number(elasticSigma), images, number(2 * reach)));
    }
    double alphaBound = reach / ELASTIC_SPREAD * elasticSigma;
    if (elasticAlpha > alphaBound) {
      throw new UsageException(String.format("--elastic-alpha %s with --elastic-sigma %s would move the pixels of %s "
          + "by %s pixels (standard deviation): at most %s, which moves them half the image's smaller side",
          number(elasticAlpha), number(elasticSigma), images, number(elasticAlpha * ELASTIC_SPREAD / elasticSigma),
          number(alphaBound)));
    }
  }

  /** A value as the user wrote it: no trailing zeros, at most two decimals. */
  private static String number(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros()
        .toPlainString();
  }

  private static void requireAtLeastZero(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new UsageException(name + " must be a number of 0 or more, got " + value);
    }
  }
}
