package io.sparkdigits.core.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.sparkdigits.core.UsageException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ElasticDeformationTest {
  private static final int ROWS = 12;
  private static final int COLUMNS = 9;
  private static final DeformationParameters DEFAULTS = new DeformationParameters(34, 4, 15, 0.1, 0.2, 2);

  /** A non-square image with a block of ink of graded values off its centre, every pixel different. */
  private static byte[] image() {
    byte[] image = new byte[ROWS * COLUMNS];
    for (int r = 3; r < 9; r++) {
      for (int c = 2; c < 6; c++) {
        image[r * COLUMNS + c] = (byte) (100 + 10 * r + c);
      }
    }
    return image;
  }

  private static int pixel(byte[] image, int row, int column) {
    return Byte.toUnsignedInt(image[row * COLUMNS + column]);
  }

  private static double[] zeros() {
    return new double[ROWS * COLUMNS];
  }

  @Test
  void noElasticityAndTheIdentityTransformLeaveTheImageAsItIs() {
    byte[] image = image();
    ElasticDeformation none = new ElasticDeformation(new DeformationParameters(0, 4, 0, 0, 0, 0), ROWS, COLUMNS);

    assertThat(none.deform(image, new SplittableRandom(7))).as("alpha 0, no affine part").containsExactly(image);
    assertThat(ElasticDeformation.warp(image, ROWS, COLUMNS, ElasticDeformation.Affine.of(0, 1, 0, 0, 0, ROWS, COLUMNS),
        zeros(), zeros())).as("identity warp").containsExactly(image);
  }

  @Test
  void aShiftOfOnePixelMovesEveryPixelByOne() {
    byte[] image = image();
    byte[] right = ElasticDeformation.warp(image, ROWS, COLUMNS,
        ElasticDeformation.Affine.of(0, 1, 0, 1, 0, ROWS, COLUMNS), zeros(), zeros());
    byte[] down = ElasticDeformation.warp(image, ROWS, COLUMNS,
        ElasticDeformation.Affine.of(0, 1, 0, 0, 1, ROWS, COLUMNS), zeros(), zeros());

    for (int r = 0; r < ROWS; r++) {
      assertThat(pixel(right, r, 0)).as("column 0 comes from outside the image").isZero();
      assertThat(pixel(down, 0, r % COLUMNS)).as("row 0 comes from outside the image").isZero();
      for (int c = 1; c < COLUMNS; c++) {
        assertThat(pixel(right, r, c)).as("pixel (%d, %d) shifted right", r, c).isEqualTo(pixel(image, r, c - 1));
      }
      for (int c = 0; c < COLUMNS && r > 0; c++) {
        assertThat(pixel(down, r, c)).as("pixel (%d, %d) shifted down", r, c).isEqualTo(pixel(image, r - 1, c));
      }
    }
  }

  @Test
  void aDisplacementFieldOfOnePixelShiftsLikeTheAffineShift() {
    double[] minusOne = zeros();
    Arrays.fill(minusOne, -1);
    ElasticDeformation.Affine identity = ElasticDeformation.Affine.of(0, 1, 0, 0, 0, ROWS, COLUMNS);

    assertThat(ElasticDeformation.warp(image(), ROWS, COLUMNS, identity, minusOne, zeros()))
        .as("each pixel takes the source one to its left")
        .containsExactly(ElasticDeformation.warp(image(), ROWS, COLUMNS,
            ElasticDeformation.Affine.of(0, 1, 0, 1, 0, ROWS, COLUMNS), zeros(), zeros()));
  }

  @Test
  void halfATurnAboutTheCentreReversesTheImage() {
    byte[] image = image();
    byte[] turned = ElasticDeformation.warp(image, ROWS, COLUMNS,
        ElasticDeformation.Affine.of(Math.PI, 1, 0, 0, 0, ROWS, COLUMNS), zeros(), zeros());

    byte[] reversed = new byte[image.length];
    for (int i = 0; i < image.length; i++) {
      reversed[i] = image[image.length - 1 - i];
    }
    assertThat(turned).as("a non-square image turned about its centre").containsExactly(reversed);
  }

  @Test
  void aCopyIsAPureFunctionOfSeedIndexAndCopyNumber() {
    ElasticDeformation deformation = new ElasticDeformation(DEFAULTS, ROWS, COLUMNS);
    byte[] image = image();

    assertThat(deformation.copy(image, 5, 3, 0)).as("copy 0 is the original").isSameAs(image);
    byte[] copy = deformation.copy(image, 5, 3, 1);
    assertThat(new ElasticDeformation(DEFAULTS, ROWS, COLUMNS).copy(image.clone(), 5, 3, 1))
        .as("the same copy made again, by another instance").containsExactly(copy);
    assertThat(copy).as("a deformed copy").isNotEqualTo(image);
    assertThat(deformation.copy(image, 6, 3, 1)).as("another seed").isNotEqualTo(copy);
    assertThat(deformation.copy(image, 5, 4, 1)).as("another image index").isNotEqualTo(copy);
    assertThat(deformation.copy(image, 5, 3, 2)).as("another copy").isNotEqualTo(copy);
  }

  /**
   * On a ramp whose value is 9 times the column, bilinear resampling gives 9 times the column each
   * pixel was taken from, so the horizontal displacement can be read off the copy. Its spread is
   * what the field's definition gives (for alpha 34 and sigma 4, as the paper's parameters give
   * unnormalised, about 1.4 pixels), and it is smooth, neighbours moving nearly together.
   */
  @Test
  void elasticDisplacementsHaveTheSpreadTheirDefinitionGivesAndAreSmooth() {
    int size = 28;
    double alpha = 34;
    double sigma = 4;
    byte[] ramp = new byte[size * size];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = (byte) (9 * (i % size));
    }
    ElasticDeformation elastic = new ElasticDeformation(new DeformationParameters(alpha, sigma, 0, 0, 0, 0), size,
        size);
    double squares = 0;
    double expectedSquares = 0;
    double steps = 0;
    int n = 0;
    for (int copy = 1; copy <= 1_000; copy++) {
      byte[] deformed = elastic.copy(ramp, 1, 0, copy);
      // far enough from the borders that no pixel is taken from outside the image
      for (int r = 6; r < size - 6; r++) {
        for (int c = 6; c < size - 7; c++) {
          double dx = Byte.toUnsignedInt(deformed[r * size + c]) / 9.0 - c;
          double next = Byte.toUnsignedInt(deformed[r * size + c + 1]) / 9.0 - (c + 1);
          squares += dx * dx;
          steps += Math.abs(next - dx);
          // alpha times a weighted sum of uniform numbers in [-1, 1], each of variance 1/3
          expectedSquares += alpha * alpha / 3 * smoothingSquares(r, size, sigma) * smoothingSquares(c, size, sigma);
          n++;
        }
      }
    }
    double spread = Math.sqrt(squares / n);
    double expected = Math.sqrt(expectedSquares / n);
    assertThat(expected).as("the definition's standard deviation, pixels").isCloseTo(1.4055, within(0.0001));
    // the 1,000 copies' fields are independent: the spread of their own mean squares puts the
    // standard error of the mean square at 2.3%, of its root at 1.2%; 4% is more than three of those
    assertThat(spread).as("standard deviation of the displacement, pixels")
        .isCloseTo(expected, withinPercentage(4));
    assertThat(steps / n).as("mean change of the displacement from one pixel to the next").isLessThan(0.3 * spread);
  }

  /**
   * The sum of the squared weights with which the Gaussian smoothing of {@code sigma}, cut off at 3
   * sigmas and reflected at the borders of a line of {@code size}, takes each number of the line
   * into position {@code p}: the factor by which it scales their variance there, along one axis.
   */
  private static double smoothingSquares(int p, int size, double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    double[] kernel = new double[2 * radius + 1];
    double total = 0;
    for (int t = -radius; t <= radius; t++) {
      kernel[t + radius] = Math.exp(-(t * t) / (2 * sigma * sigma));
      total += kernel[t + radius];
    }
    double[] weights = new double[size];
    for (int t = -radius; t <= radius; t++) {
      int source = Math.floorMod(p + t, 2 * size);
      weights[source < size ? source : 2 * size - 1 - source] += kernel[t + radius] / total;
    }
    return Arrays.stream(weights).map(weight -> weight * weight).sum();
  }

  @Test
  void aDeformationThatLeavesNoInkIsDrawnAgain() {
    byte[] dot = new byte[ROWS * COLUMNS];
    dot[5 * COLUMNS + 4] = (byte) 255;
    // shifts of up to 8 pixels move the one dot out of the image more often than not
    ElasticDeformation farShifts = new ElasticDeformation(new DeformationParameters(0, 4, 0, 0, 0, 8), ROWS, COLUMNS);
    for (int copy = 1; copy <= 50; copy++) {
      assertThat(ink(farShifts.copy(dot, 9, 0, copy))).as("ink of copy %d", copy).isPositive();
    }

    ElasticDeformation offTheImage = new ElasticDeformation(new DeformationParameters(0, 4, 0, 0, 0, 0), ROWS, COLUMNS);
    byte[] blank = new byte[ROWS * COLUMNS];
    assertThat(offTheImage.copy(blank, 9, 0, 1)).as("a blank image's copy is blank").containsExactly(blank);
  }

  @Test
  void parametersOutOfRangeAreRefused() {
    assertThatThrownBy(() -> new DeformationParameters(-1, 4, 15, 0.1, 0.2, 2)).isInstanceOf(UsageException.class)
        .hasMessage("--elastic-alpha must be a number of 0 or more, got -1.0");
    assertThatThrownBy(() -> new DeformationParameters(34, 0, 15, 0.1, 0.2, 2))
        .hasMessage("--elastic-sigma must be a positive number of pixels, got 0.0");
    assertThatThrownBy(() -> new DeformationParameters(34, 4, 15, 1, 0.2, 2))
        .hasMessageContaining("--max-scale must be below 1");
    assertThatThrownBy(() -> new DeformationParameters(34, 4, 200, 0.1, 0.2, 2))
        .hasMessageContaining("--max-rotation is in degrees, at most 180");
    assertThatThrownBy(() -> new DeformationParameters(34, 4, 15, 0.1, Double.NaN, 2))
        .hasMessageContaining("--max-shear must be a number of 0 or more");
  }

  @Test
  void parametersBeyondTheImageAreRefusedNamingTheOptionAndTheBound() {
    DeformationParameters defaults = new DeformationParameters(34, 4, 10, 0.1, 0.2, 1);
    defaults.requireFits(28, 28, "dataset 'mnist'");
    new DeformationParameters(343, 28, 180, 0.9, 1, 14).requireFits(28, 28, "dataset 'mnist'");

    assertThatThrownBy(() -> new DeformationParameters(34, 4, 10, 0.1, 0.2, 1000).requireFits(28, 28, "dataset 'mnist'"))
        .isInstanceOf(UsageException.class).hasMessage("--max-shift 1000 would shift the 28x28 images of dataset "
            + "'mnist' out of themselves: at most 14 pixels, half the image's smaller side");
    assertThatThrownBy(() -> new DeformationParameters(34, 4, 10, 0.1, 2, 1).requireFits(28, 28, "dataset 'mnist'"))
        .hasMessage("--max-shear 2 would move the top and bottom rows of the 28x28 images of dataset 'mnist' 28 "
            + "pixels sideways: at most 1, which moves them half the image's smaller side");
    assertThatThrownBy(() -> new DeformationParameters(34, 29, 10, 0.1, 0.2, 1).requireFits(28, 28, "dataset 'mnist'"))
        .hasMessage("--elastic-sigma 29 is wider than the 28x28 images of dataset 'mnist': at most 28 pixels, the "
            + "image's smaller side");
    assertThatThrownBy(() -> new DeformationParameters(1000, 4, 10, 0.1, 0.2, 1).requireFits(28, 28, "dataset 'mnist'"))
        .hasMessage("--elastic-alpha 1000 with --elastic-sigma 4 would move the pixels of the 28x28 images of "
            + "dataset 'mnist' by 40.72 pixels (standard deviation): at most 343.84, which moves them half the "
            + "image's smaller side");
    assertThatThrownBy(() -> new DeformationParameters(34, 4, 10, 0.1, 0.2, Double.NaN))
        .hasMessage("--max-shift must be a number of 0 or more, got NaN");
  }

  private static long ink(byte[] image) {
    long sum = 0;
    for (byte pixel : image) {
      sum += Byte.toUnsignedInt(pixel);
    }
    return sum;
  }
}
