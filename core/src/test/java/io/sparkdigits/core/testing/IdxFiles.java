package io.sparkdigits.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files for tests, including deliberately damaged ones. */
public final class IdxFiles {
  private IdxFiles() {}

  /** The bytes of an IDX file of unsigned bytes with the given dimensions and data, unchecked. */
  public static byte[] idx(int dataType, int[] dimensions, byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(0);
      out.writeByte(0);
      out.writeByte(dataType);
      out.writeByte(dimensions.length);
      for (int dimension : dimensions) {
        out.writeInt(dimension);
      }
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static byte[] images(int count, int rows, int columns, byte[] pixels) {
    return idx(0x08, new int[] {count, rows, columns}, pixels);
  }

  public static byte[] labels(byte[] labels) {
    return idx(0x08, new int[] {labels.length}, labels);
  }

  public static byte[] gzip(byte[] content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static Path write(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
