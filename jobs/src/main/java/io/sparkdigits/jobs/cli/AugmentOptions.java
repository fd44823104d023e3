package io.sparkdigits.jobs.cli;

import io.sparkdigits.core.augment.AugmentSpec;
import io.sparkdigits.core.augment.DeformationParameters;
import picocli.CommandLine.Option;

/**
 * How augment deforms the training images (Simard, Steinkraus and Platt, 2003). Its seed is its
 * own, not the network's {@code --seed}: a pipeline trained again with another seed reuses the
 * augmented dataset it made before, and the data stays the same whatever the training does.
 */
public final class AugmentOptions {
  @Option(names = "--augment-seed", paramLabel = "N",
      description = "Seed of the deformations; each copy is a function of it, the image and the copy's number "
          + "(default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--elastic-alpha", paramLabel = "PIXELS",
      description = "Scale of the elastic displacement field; 0 turns it off (default: ${DEFAULT-VALUE}).")
  double elasticAlpha;

  @Option(names = "--elastic-sigma", paramLabel = "PIXELS",
      description = "Standard deviation of the Gaussian that smooths the displacement field "
          + "(default: ${DEFAULT-VALUE}).")
  double elasticSigma;

  @Option(names = "--max-rotation", paramLabel = "DEGREES",
      description = "Largest rotation either way (default: ${DEFAULT-VALUE}).")
  double maxRotation;

  @Option(names = "--max-scale", paramLabel = "FRACTION",
      description = "Largest change of size: the scale lies in 1 +- FRACTION (default: ${DEFAULT-VALUE}).")
  double maxScale;

  @Option(names = "--max-shear", paramLabel = "FACTOR",
      description = "Largest horizontal shear either way, in pixels per pixel of height (default: ${DEFAULT-VALUE}).")
  double maxShear;

  @Option(names = "--max-shift", paramLabel = "PIXELS",
      description = "Largest shift along each axis (default: ${DEFAULT-VALUE}).")
  double maxShift;

  /** What augmenting with {@code copies} copies of every image makes; invalid values fail with a message for the user. */
  public AugmentSpec spec(int copies) {
    return new AugmentSpec(copies, seed, new DeformationParameters(elasticAlpha, elasticSigma, maxRotation, maxScale,
        maxShear, maxShift));
  }
}
