package io.sparkdigits.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.testing.DigitDrawings;
import io.sparkdigits.core.testing.HostilePictures;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The one way pictures are decoded, for the predict job and the server: real PNG and JPEG files. */
class EncodedImageTest {
  private static final int SIDE = 28;

  @Test
  void aPngBombIsRefusedFromItsHeaderWithoutDecodingIt() {
    byte[] bomb = HostilePictures.pngBomb(30_000, 30_000);
    assertThat(bomb.length).as("the file's size: a few hundred kilobytes that declare 900 million pixels")
        .isLessThan(512 << 10);

    assertThatThrownBy(() -> EncodedImage.open(bomb)).isInstanceOfSatisfying(BadImageException.class,
        e -> assertThat(e.tooLarge()).isTrue())
        .hasMessage("the image is 30000x30000 pixels, over the limit of 4096x4096");
  }

  @Test
  void aCmykJpegIsRefusedNamingItsColourSpace() throws IOException {
    BufferedImage seven = DigitDrawings.draw(7, 64, 64, 4f, Color.BLACK, Color.WHITE, 0, 0);
    byte[] cmyk = HostilePictures.cmykJpeg(seven);
    assertThat(ImageIO.read(new java.io.ByteArrayInputStream(cmyk)).getColorModel().getNumComponents())
        .as("a JPEG that ImageIO reads as four-channel CMYK").isEqualTo(4);

    assertThatThrownBy(() -> EncodedImage.open(cmyk)).isInstanceOf(BadImageException.class)
        .hasMessage("a CMYK JPEG is not supported: save it in RGB or grayscale");
  }

  @Test
  void whatIsNoReadablePictureSaysWhatIsWrongInOneLine() throws IOException {
    byte[] png = png(DigitDrawings.draw(3, 64, 64, 4f, Color.BLACK, Color.WHITE, 0, 0));
    byte[][] inputs = {"hello, no picture".getBytes(), Arrays.copyOf(png, 60), Arrays.copyOf(png, 30)};
    String[] says = {"not an image: neither a PNG nor a JPEG", "not a readable PNG: its data is corrupt or cut short",
        "not a readable PNG: its data is corrupt or cut short"};
    for (int i = 0; i < inputs.length; i++) {
      byte[] input = inputs[i];
      assertThatThrownBy(() -> {
        try (EncodedImage image = EncodedImage.open(input)) {
          image.decode();
        }
      }).as("input %d", i).isInstanceOf(BadImageException.class).hasMessage(says[i]);
    }
  }

  @Test
  void aPictureWithinTheLimitsDecodesAsImageIoReadsIt() throws IOException {
    BufferedImage drawn = DigitDrawings.draw(5, 4096, 300, 12f, Color.BLACK, Color.WHITE, 0, 0);
    byte[] png = png(drawn);
    try (EncodedImage image = EncodedImage.open(png)) {
      assertThat(image.pixels()).isEqualTo(4096L * 300);
      BufferedImage decoded = image.decode();
      assertThat(new DigitPreprocessor(SIDE).normalise(decoded))
          .isEqualTo(new DigitPreprocessor(SIDE).normalise(ImageIO.read(new java.io.ByteArrayInputStream(png))));
    }
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
