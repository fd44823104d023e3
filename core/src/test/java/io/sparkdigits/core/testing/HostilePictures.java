package io.sparkdigits.core.testing;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Real picture files that have hurt the readers of pictures: a decompression bomb, a CMYK JPEG. */
public final class HostilePictures {
  private HostilePictures() {}

  /**
   * A valid one-bit gray PNG of {@code width x height} black pixels, written chunk by chunk: its
   * rows compress about a thousand to one, so 30,000 x 30,000 pixels (900 million, gigabytes once
   * a reader holds them as bytes or ints) is a file of about 110 KB, a decompression bomb's shape.
   */
  public static byte[] pngBomb(int width, int height) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      DataOutputStream fields = new DataOutputStream(header);
      fields.writeInt(width);
      fields.writeInt(height);
      fields.write(new byte[] {1, 0, 0, 0, 0}); // bit depth 1, gray, deflate, adaptive filtering, not interlaced
      chunk(png, "IHDR", header.toByteArray());
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      try (OutputStream rows = new DeflaterOutputStream(data)) {
        byte[] row = new byte[1 + (width + 7) / 8]; // filter type 0 (none), then the row's pixels, 8 a byte
        for (int y = 0; y < height; y++) {
          rows.write(row);
        }
      }
      chunk(png, "IDAT", data.toByteArray());
      chunk(png, "IEND", new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
    DataOutputStream out = new DataOutputStream(png);
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeInt(data.length);
    out.write(name);
    out.write(data);
    out.writeInt((int) crc.getValue());
  }

  /**
   * {@code picture}'s gray levels as a CMYK JPEG the way Photoshop and ImageMagick write one: the
   * ink all in K, C, M and Y empty, every value stored inverted (255 is no ink), and Adobe's APP14
   * marker (transform 0: CMYK) saying so. ImageIO writes a four-band raster with no colour
   * conversion and no marker; the marker is put after the start of image.
   */
  public static byte[] cmykJpeg(BufferedImage picture) {
    WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, picture.getWidth(),
        picture.getHeight(), 4, null);
    for (int y = 0; y < picture.getHeight(); y++) {
      for (int x = 0; x < picture.getWidth(); x++) {
        int rgb = picture.getRGB(x, y);
        int gray = (int) Math.round(0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff));
        int black = 255 - gray;
        cmyk.setPixel(x, y, new int[] {255, 255, 255, 255 - black});
      }
    }
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(jpeg)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(cmyk, null, null), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    byte[] written = jpeg.toByteArray();
    byte[] adobe = {(byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
    byte[] marked = new byte[written.length + adobe.length];
    System.arraycopy(written, 0, marked, 0, 2);
    System.arraycopy(adobe, 0, marked, 2, adobe.length);
    System.arraycopy(written, 2, marked, 2 + adobe.length, written.length - 2);
    return marked;
  }
}
