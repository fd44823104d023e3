package io.sparkdigits.core.augment;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Deformed copies of {@code rows x columns} images of unsigned bytes, row-major: the elastic
 * distortion and affine transform of Simard, Steinkraus and Platt, "Best practices for
 * convolutional neural networks applied to visual document analysis" (ICDAR 2003), with the
 * {@link DeformationParameters} given. Each output pixel takes the source image, bilinearly
 * interpolated (0 outside it), at the point that the inverse affine transform and the smoothed
 * random displacement field send it to.
 *
 * <p>A copy is a pure function of (seed, image index, copy number): its random numbers come from a
 * {@link SplittableRandom} seeded by a 64-bit mix of the three, so that a rerun writes the same
 * bytes and Spark recomputes a lost partition identically, whichever task or order computes it.
 */
public final class ElasticDeformation implements Serializable {
  private static final long serialVersionUID = 1L;
  /**
   * The version of this algorithm, recorded in a dataset's manifest: raise it whenever the same
   * parameters and seed would give other pixels, so that an augmented dataset is never taken for
   * one that the code of another version made.
   */
  public static final int VERSION = 1;
  /**
   * Deformations drawn for one copy before it falls back to its original. A deformation that moves
   * all the ink out of the image is rare with sensible parameters; one that does it this many times
   * in a row means parameters that push every copy out (shifts as large as the image).
   */
  static final int MAX_ATTEMPTS = 32;
  /** The odd constant SplittableRandom steps by: 2^64 over the golden ratio. */
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  /** The Gaussian is cut off at this many sigmas, where its weight is 1% of the centre's. */
  private static final double KERNEL_SIGMAS = 3;

  private final DeformationParameters parameters;
  private final int rows;
  private final int columns;
  private final double[] kernel;

  public ElasticDeformation(DeformationParameters parameters, int rows, int columns) {
    if (rows < 1 || columns < 1) {
      throw new IllegalArgumentException("an image of " + rows + "x" + columns + " pixels");
    }
    this.parameters = parameters;
    this.rows = rows;
    this.columns = columns;
    this.kernel = gaussian(parameters.elasticSigma());
  }

  /**
   * Copy {@code copy} of image {@code index} of a dataset augmented with {@code seed}: copy 0 is
   * the image itself, every other one a deformation of it. The copy of an image with ink has ink:
   * a deformation that leaves none is drawn again, from the next seed of the same mix, and after
   * {@value #MAX_ATTEMPTS} such draws the copy is the original. A blank image's copies are blank.
   */
  public byte[] copy(byte[] image, long seed, long index, int copy) {
    if (image.length != rows * columns) {
      throw new IllegalArgumentException("image " + index + " has " + image.length + " pixels, not " + rows + "x"
          + columns);
    }
    if (copy == 0) {
      return image;
    }
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      byte[] deformed = deform(image, new SplittableRandom(copySeed(seed, index, copy, attempt)));
      if (!isBlank(deformed) || isBlank(image)) {
        return deformed;
      }
    }
    return image.clone();
  }

  /** The seed of one attempt at one copy: the SplitMix64 finaliser chained over the four numbers. */
  static long copySeed(long seed, long index, int copy, int attempt) {
    long h = mix(seed);
    h = mix(h ^ mix(index + GOLDEN_GAMMA));
    h = mix(h ^ mix(copy + 2 * GOLDEN_GAMMA));
    return mix(h ^ mix(attempt + 3 * GOLDEN_GAMMA));
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser, as SplitMix64 (and SplittableRandom) use it. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** One random deformation of {@code image}, its numbers drawn from {@code random}. */
  byte[] deform(byte[] image, SplittableRandom random) {
    Affine affine = Affine.of(Math.toRadians(symmetric(random, parameters.maxRotationDegrees())),
        1 + symmetric(random, parameters.maxScale()), symmetric(random, parameters.maxShear()),
        symmetric(random, parameters.maxShift()), symmetric(random, parameters.maxShift()), rows, columns);
    double[] dx = displacement(random);
    double[] dy = displacement(random);
    return warp(image, rows, columns, affine, dx, dy);
  }

  /**
   * A displacement along one axis for every pixel: uniform in [-1, 1], smoothed by the Gaussian
   * (reflected at the borders, as scipy's {@code gaussian_filter} does by default) and scaled by
   * alpha. Not normalised: as in the paper and the usual implementations, sigma 4 and alpha 34 move
   * a pixel by about 1.4 pixels (standard deviation), smoothly varying across the image.
   */
  private double[] displacement(SplittableRandom random) {
    double[] field = new double[rows * columns];
    if (parameters.elasticAlpha() == 0) {
      return field;
    }
    for (int i = 0; i < field.length; i++) {
      field[i] = random.nextDouble(-1, 1);
    }
    // separable: along each row, then along each column, each line copied with its reflected
    // borders into one buffer so that the inner loop reads it straight through
    int radius = kernel.length / 2;
    double[] line = new double[Math.max(rows, columns) + 2 * radius];
    for (int r = 0; r < rows; r++) {
      for (int t = 0; t < columns + 2 * radius; t++) {
        line[t] = field[r * columns + reflect(t - radius, columns)];
      }
      for (int c = 0; c < columns; c++) {
        field[r * columns + c] = smoothed(line, c);
      }
    }
    for (int c = 0; c < columns; c++) {
      for (int t = 0; t < rows + 2 * radius; t++) {
        line[t] = field[reflect(t - radius, rows) * columns + c];
      }
      for (int r = 0; r < rows; r++) {
        field[r * columns + c] = parameters.elasticAlpha() * smoothed(line, r);
      }
    }
    return field;
  }

  /** The kernel's weighted sum of {@code line} around position {@code p} (the line starting a radius early). */
  private double smoothed(double[] line, int p) {
    double sum = 0;
    for (int t = 0; t < kernel.length; t++) {
      sum += kernel[t] * line[p + t];
    }
    return sum;
  }

  /**
   * {@code image} resampled: output pixel (x, y) is the source, interpolated bilinearly and 0
   * outside the image, at {@code affine}'s inverse of (x, y) displaced by (dx, dy) there.
   */
  static byte[] warp(byte[] image, int rows, int columns, Affine affine, double[] dx, double[] dy) {
    byte[] out = new byte[rows * columns];
    for (int y = 0; y < rows; y++) {
      for (int x = 0; x < columns; x++) {
        int i = y * columns + x;
        double sx = affine.sourceX(x, y) + dx[i];
        double sy = affine.sourceY(x, y) + dy[i];
        long value = Math.round(bilinear(image, rows, columns, sx, sy));
        out[i] = (byte) Math.max(0, Math.min(255, value));
      }
    }
    return out;
  }

  private static double bilinear(byte[] image, int rows, int columns, double x, double y) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    return (1 - fy) * ((1 - fx) * pixel(image, rows, columns, x0, y0) + fx * pixel(image, rows, columns, x0 + 1, y0))
        + fy * ((1 - fx) * pixel(image, rows, columns, x0, y0 + 1) + fx * pixel(image, rows, columns, x0 + 1, y0 + 1));
  }

  private static int pixel(byte[] image, int rows, int columns, int x, int y) {
    return x < 0 || y < 0 || x >= columns || y >= rows ? 0 : Byte.toUnsignedInt(image[y * columns + x]);
  }

  private static boolean isBlank(byte[] image) {
    for (byte pixel : image) {
      if (pixel != 0) {
        return false;
      }
    }
    return true;
  }

  /** The normalised Gaussian of {@code sigma}, cut off at {@value #KERNEL_SIGMAS} sigmas. */
  private static double[] gaussian(double sigma) {
    int radius = Math.max(1, (int) Math.ceil(KERNEL_SIGMAS * sigma));
    double[] kernel = new double[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
      sum += kernel[i + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= sum;
    }
    return kernel;
  }

  /**
   * Position {@code p} of a line of {@code size} mirrored at its borders (d c b a | a b c d | d c b a),
   * however far outside it lies, as a kernel wider than the image reaches.
   */
  private static int reflect(int p, int size) {
    int m = Math.floorMod(p, 2 * size);
    return m < size ? m : 2 * size - 1 - m;
  }

  /**
   * An affine transform about the image's centre, held as its inverse, which resampling needs: the
   * source point of each output pixel. The forward transform scales, shears horizontally, rotates,
   * then shifts.
   */
  record Affine(double a, double b, double c, double d, double centreX, double centreY, double shiftX,
      double shiftY) {

    /**
     * The transform of a {@code rows x columns} image that scales it by {@code scale}, shears it by
     * {@code shear}, rotates it by {@code radians} about its centre, then shifts it.
     */
    static Affine of(double radians, double scale, double shear, double shiftX, double shiftY, int rows,
        int columns) {
      double cos = Math.cos(radians);
      double sin = Math.sin(radians);
      // forward: rotation * shear * scale = [[cos, cos*shear - sin], [sin, sin*shear + cos]] * scale
      double m00 = cos * scale;
      double m01 = (cos * shear - sin) * scale;
      double m10 = sin * scale;
      double m11 = (sin * shear + cos) * scale;
      double det = m00 * m11 - m01 * m10;
      return new Affine(m11 / det, -m01 / det, -m10 / det, m00 / det, (columns - 1) / 2.0, (rows - 1) / 2.0,
          shiftX, shiftY);
    }

    double sourceX(int x, int y) {
      return centreX + a * (x - centreX - shiftX) + b * (y - centreY - shiftY);
    }

    double sourceY(int x, int y) {
      return centreY + c * (x - centreX - shiftX) + d * (y - centreY - shiftY);
    }
  }

  /** Uniform in [-bound, bound]; no draw for a bound of 0, so that a part switched off costs nothing. */
  private static double symmetric(SplittableRandom random, double bound) {
    return bound == 0 ? 0 : random.nextDouble(-bound, bound);
  }
}
