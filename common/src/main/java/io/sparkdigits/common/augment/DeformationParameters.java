package io.sparkdigits.common.augment;

import io.sparkdigits.common.UsageException;
import java.io.Serializable;

/**
 * How strongly {@link ElasticDeformation} deforms an image, every length in pixels, as in Simard,
 * Steinkraus and Platt (2003): an elastic distortion, a random displacement per pixel and axis
 * smoothed by a Gaussian of {@code elasticSigma} and scaled by {@code elasticAlpha} (0: none), and a
 * random affine transform about the image's centre, each part drawn uniformly within its bound: a
 * rotation of up to {@code maxRotationDegrees} either way, a scale between {@code 1 - maxScale} and
 * {@code 1 + maxScale}, a horizontal shear of up to {@code maxShear} (a shift of that many pixels per
 * pixel of height) and a shift of up to {@code maxShift} pixels along each axis.
 */
public record DeformationParameters(
    double elasticAlpha,
    double elasticSigma,
    double maxRotationDegrees,
    double maxScale,
    double maxShear,
    double maxShift) implements Serializable {

  public DeformationParameters {
    requireAtLeastZero("elastic alpha", elasticAlpha);
    if (!(elasticSigma > 0) || Double.isInfinite(elasticSigma)) {
      throw new UsageException("elastic sigma must be a positive number of pixels, got " + elasticSigma);
    }
    requireAtLeastZero("max rotation", maxRotationDegrees);
    if (maxRotationDegrees > 180) {
      throw new UsageException("max rotation is in degrees, at most 180, got " + maxRotationDegrees);
    }
    requireAtLeastZero("max scale", maxScale);
    if (maxScale >= 1) {
      throw new UsageException("max scale must be below 1 (the scale lies in 1 +- max scale), got " + maxScale);
    }
    requireAtLeastZero("max shear", maxShear);
    requireAtLeastZero("max shift", maxShift);
  }

  private static void requireAtLeastZero(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new UsageException(name + " must be a number of 0 or more, got " + value);
    }
  }
}
