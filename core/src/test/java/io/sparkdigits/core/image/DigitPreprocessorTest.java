package io.sparkdigits.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.testing.DigitDrawings;
import io.sparkdigits.core.testing.MnistFiles;
import io.sparkdigits.core.idx.IdxInput;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DigitPreprocessorTest {
  private static final int SIDE = 28;
  private final DigitPreprocessor preprocessor = new DigitPreprocessor(SIDE);

  @Test
  void blankImagesAreRefused() {
    for (Color color : new Color[] {Color.WHITE, Color.BLACK, Color.GRAY}) {
      assertThatThrownBy(() -> preprocessor.normalise(DigitDrawings.filled(64, 48, color)))
          .as("a plain %s image", color).hasMessage("no digit: the image is blank");
    }
  }

  @Test
  void pixelsAsTheyAreFollowTheSameBlankRuleAsPictures() {
    byte[] faint = new byte[SIDE * SIDE];
    java.util.Arrays.fill(faint, (byte) 200);
    faint[0] = (byte) 169;
    for (byte[] blank : new byte[][] {new byte[SIDE * SIDE], faint}) {
      assertThatThrownBy(() -> DigitPreprocessor.requireInk(blank)).hasMessage("no digit: the image is blank");
      assertThatThrownBy(() -> preprocessor.asIs(DigitDrawings.grayImage(blank, SIDE)))
          .hasMessage("no digit: the image is blank");
    }
    faint[0] = (byte) 168;
    DigitPreprocessor.requireInk(faint);
  }

  @Test
  void darkInkOnPaperBecomesLightInkOnBlack() {
    byte[] digit = preprocessor.normalise(DigitDrawings.draw(7, 120, 90, 12f, Color.BLACK, Color.WHITE, 0, 0));
    assertThat(Byte.toUnsignedInt(digit[0])).as("a corner is background").isZero();
    assertThat(max(digit)).as("the strongest stroke").isGreaterThan(200);
  }

  @Test
  void theDigitFitsTheBoxWithItsCentreOfMassInTheMiddle() {
    // small, off-centre, light on dark: scaled up and moved
    byte[] digit = preprocessor.normalise(DigitDrawings.draw(4, 200, 200, 3f, Color.WHITE, Color.BLACK, -60, 50));
    int[] box = inkBox(digit);
    assertThat(Math.max(box[2] - box[0] + 1, box[3] - box[1] + 1)).as("the longer side of the ink's box").isEqualTo(20);
    double[] centre = centreOfMass(digit);
    assertThat(centre[0]).as("centre of mass, x (pixel index)").isBetween(13.5, 14.5);
    assertThat(centre[1]).as("centre of mass, y (pixel index)").isBetween(13.5, 14.5);
  }

  @Test
  void aNormalisedDigitIsLeftAsItIs() {
    for (int label = 0; label < 10; label++) {
      byte[] once = preprocessor.normalise(DigitDrawings.draw(label, 90, 140, 9f, Color.DARK_GRAY, Color.WHITE, 5, -8));
      byte[] twice = preprocessor.normalise(DigitDrawings.grayImage(once, SIDE));
      assertThat(twice).as("digit %d normalised twice", label).isEqualTo(once);
    }
  }

  @Test
  void mnistTestDigitsAreAlreadyNormalised() throws IOException {
    Assumptions.assumeTrue(MnistFiles.folder().isPresent(), "the real MNIST files");
    Path images = new Path(MnistFiles.folder().get().resolve("t10k-images-idx3-ubyte.gz").toUri());
    int unchanged = 0;
    int count = 1000;
    try (IdxInput input = IdxInput.open(images.getFileSystem(new Configuration()), images)) {
      byte[] image = new byte[SIDE * SIDE];
      for (int i = 0; i < count; i++) {
        input.readItem(image);
        if (java.util.Arrays.equals(preprocessor.normalise(DigitDrawings.grayImage(image, SIDE)), image)) {
          unchanged++;
        }
      }
    }
    assertThat(unchanged).as("MNIST test digits that preprocessing leaves unchanged, of %d", count)
        .isEqualTo(count);
  }

  @Test
  void anImageAsItIsOnlyLosesItsColour() {
    byte[] pixels = new byte[SIDE * SIDE];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 7 % 200);
    }
    assertThat(preprocessor.asIs(DigitDrawings.grayImage(pixels, SIDE))).isEqualTo(pixels);
    assertThatThrownBy(() -> preprocessor.asIs(DigitDrawings.filled(30, 28, Color.BLACK)))
        .hasMessage("the image is 30x28, not 28x28");
  }

  private static int max(byte[] pixels) {
    int max = 0;
    for (byte pixel : pixels) {
      max = Math.max(max, Byte.toUnsignedInt(pixel));
    }
    return max;
  }

  /** left, top, right, bottom of the inked pixels. */
  private static int[] inkBox(byte[] pixels) {
    int[] box = {SIDE, SIDE, -1, -1};
    for (int i = 0; i < pixels.length; i++) {
      if (pixels[i] != 0) {
        box[0] = Math.min(box[0], i % SIDE);
        box[1] = Math.min(box[1], i / SIDE);
        box[2] = Math.max(box[2], i % SIDE);
        box[3] = Math.max(box[3], i / SIDE);
      }
    }
    return box;
  }

  private static double[] centreOfMass(byte[] pixels) {
    double mass = 0;
    double x = 0;
    double y = 0;
    for (int i = 0; i < pixels.length; i++) {
      int v = Byte.toUnsignedInt(pixels[i]);
      mass += v;
      x += (i % SIDE) * v;
      y += (i / SIDE) * v;
    }
    return new double[] {x / mass, y / mass};
  }
}
