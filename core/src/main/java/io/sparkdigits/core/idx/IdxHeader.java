package io.sparkdigits.core.idx;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The header of an IDX file (LeCun's format behind MNIST): two zero bytes, a data-type code, the
 * number of dimensions, then each dimension as a big-endian 32-bit integer. Only unsigned bytes
 * (type {@code 0x08}) are accepted: that is what every MNIST-style image and label file holds.
 */
public record IdxHeader(int dataType, int[] dimensions) implements Serializable {
  public static final int UNSIGNED_BYTE = 0x08;
  private static final int MAX_DIMENSIONS = 8;

  /** Reads and checks the header at the start of {@code in}; {@code file} only names it in errors. */
  public static IdxHeader read(DataInputStream in, String file) throws IOException {
    try {
      int zero1 = in.readUnsignedByte();
      int zero2 = in.readUnsignedByte();
      int dataType = in.readUnsignedByte();
      int dimensionCount = in.readUnsignedByte();
      if (zero1 != 0 || zero2 != 0) {
        throw new IdxFormatException(file, String.format(
            "not an IDX file: bad magic number 0x%02x%02x%02x%02x (an IDX file starts with two zero bytes)",
            zero1, zero2, dataType, dimensionCount));
      }
      if (dataType != UNSIGNED_BYTE) {
        throw new IdxFormatException(file, String.format(
            "unsupported IDX data type 0x%02x (%s); only 0x08 (unsigned byte) is supported",
            dataType, typeName(dataType)));
      }
      if (dimensionCount == 0 || dimensionCount > MAX_DIMENSIONS) {
        throw new IdxFormatException(file, "implausible number of dimensions: " + dimensionCount);
      }
      int[] dimensions = new int[dimensionCount];
      for (int i = 0; i < dimensionCount; i++) {
        dimensions[i] = in.readInt();
        if (dimensions[i] < 0) {
          throw new IdxFormatException(file,
              "dimension " + i + " is negative (" + Integer.toUnsignedString(dimensions[i]) + " as unsigned)");
        }
      }
      return new IdxHeader(dataType, dimensions);
    } catch (EOFException e) {
      throw new IdxFormatException(file, "truncated: the file ends inside its IDX header");
    }
  }

  public int headerBytes() {
    return 4 + 4 * dimensions.length;
  }

  /** The number of items: the first dimension. */
  public int count() {
    return dimensions[0];
  }

  /** Bytes per item: the product of the dimensions after the first. */
  public long itemBytes() {
    long size = 1;
    for (int i = 1; i < dimensions.length; i++) {
      size *= dimensions[i];
    }
    return size;
  }

  public long dataBytes() {
    return count() * itemBytes();
  }

  public String shape() {
    return Arrays.stream(dimensions).mapToObj(Integer::toString).collect(Collectors.joining(" x "));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IdxHeader that
        && dataType == that.dataType && Arrays.equals(dimensions, that.dimensions);
  }

  @Override
  public int hashCode() {
    return 31 * dataType + Arrays.hashCode(dimensions);
  }

  @Override
  public String toString() {
    return "IdxHeader[type=0x" + Integer.toHexString(dataType) + ", shape=" + shape() + "]";
  }

  private static String typeName(int dataType) {
    return switch (dataType) {
      case 0x08 -> "unsigned byte";
      case 0x09 -> "signed byte";
      case 0x0B -> "short";
      case 0x0C -> "int";
      case 0x0D -> "float";
      case 0x0E -> "double";
      default -> "unknown";
    };
  }
}
