package io.sparkdigits.spark.dataset;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.image.BadImageException;
import io.sparkdigits.core.image.DigitPreprocessor;
import io.sparkdigits.core.image.EncodedImage;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

/**
 * A column of a table as the network's images: each value becomes one unsigned byte a pixel, as
 * ingest stores them, which is what training and scoring take. A value may be
 * <ul>
 *   <li>{@code binary}: the pixels themselves, one byte each (the ingest schema), or a PNG or JPEG
 *       file, told apart by its signature, which goes through the predict job's preprocessing
 *       ({@link DigitPreprocessor#normalise});
 *   <li>{@code array<int|float|double>} or an {@code ml.linalg.Vector}: one number a pixel on the IDX
 *       scale, 0 (background) to 255 (ink), rounded to the nearest whole level.
 * </ul>
 * A binary value of raw pixels that starts with a PNG or JPEG signature (a JPEG's is three pixels
 * 255, 216, 255 in the top-left corner, which no MNIST image has) is read as that file. Every
 * problem is a {@link UsageException} that names the column.
 */
public final class PixelColumn implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG_SIGNATURE = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
  private static final int MNIST_PIXELS = 28 * 28;
  public static final String TYPES = "binary, array<int>, array<float>, array<double> or vector";

  private final String column;
  private final int pixels;

  /** Column {@code column}'s values as images of {@code pixels} pixels. */
  public PixelColumn(String column, int pixels) {
    this.column = column;
    this.pixels = pixels;
  }

  public String column() {
    return column;
  }

  /** The pixels of every image. */
  public int pixels() {
    return pixels;
  }

  /** Checks that {@code schema} has column {@code column} of a type this class reads. */
  public static void requireType(StructType schema, String column) {
    DataType type = fieldType(schema, column, "features");
    boolean accepted = type.equals(DataTypes.BinaryType) || type.equals(SQLDataTypes.VectorType())
        || type instanceof ArrayType array && (array.elementType().equals(DataTypes.IntegerType)
            || array.elementType().equals(DataTypes.FloatType) || array.elementType().equals(DataTypes.DoubleType));
    if (!accepted) {
      throw new UsageException("features column " + column + " is of type " + type.simpleString() + ", not " + TYPES);
    }
  }

  /** The type of column {@code column} of {@code schema}, which must have it; {@code role} says what it is for. */
  static DataType fieldType(StructType schema, String column, String role) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new UsageException(role + " column " + column + " is not in the data; its columns: "
          + String.join(", ", schema.fieldNames()));
    }
    return schema.apply(column).dataType();
  }

  /**
   * The pixels of the images in a column whose first value is {@code value}, for a network that
   * takes them from the data: its length, or for a PNG or JPEG file MNIST's 28 x 28; {@code value}
   * is null when there is no first row.
   */
  public static int pixelsOf(Object value, String column) {
    if (value instanceof byte[] bytes) {
      return startsWith(bytes, PNG_SIGNATURE) || startsWith(bytes, JPEG_SIGNATURE) ? MNIST_PIXELS : bytes.length;
    }
    if (value instanceof Vector vector) {
      return vector.size();
    }
    if (value instanceof Seq<?> numbers) {
      return numbers.length();
    }
    throw new UsageException("features column " + column + " has no value in its first row to take the image size from");
  }

  /**
   * The pixels that {@code value} holds, as Spark gives a value of an accepted type to a row or a
   * function: {@code byte[]}, a Scala {@code Seq} of numbers, or a {@link Vector}.
   */
  public byte[] pixels(Object value) {
    if (value == null) {
      throw problem("a null value");
    }
    if (value instanceof byte[] bytes) {
      return startsWith(bytes, PNG_SIGNATURE) || startsWith(bytes, JPEG_SIGNATURE) ? decoded(bytes) : checked(bytes);
    }
    if (value instanceof Vector vector) {
      requireLength(vector.size());
      byte[] image = new byte[pixels];
      for (int p = 0; p < pixels; p++) {
        image[p] = level(vector.apply(p));
      }
      return image;
    }
    if (value instanceof Seq<?> numbers) {
      requireLength(numbers.length());
      byte[] image = new byte[pixels];
      for (int p = 0; p < pixels; p++) {
        Object number = numbers.apply(p);
        if (number == null) {
          throw problem("a null number");
        }
        image[p] = level(((Number) number).doubleValue());
      }
      return image;
    }
    throw problem("a value of class " + value.getClass().getName() + ", which is none of " + TYPES);
  }

  private byte[] checked(byte[] image) {
    requireLength(image.length);
    return image;
  }

  private byte[] decoded(byte[] file) {
    int side = (int) Math.round(Math.sqrt(pixels));
    if (side * side != pixels) {
      throw problem("a PNG or JPEG image, but the network takes " + pixels + " values, not a square image");
    }
    try (EncodedImage encoded = EncodedImage.open(file)) {
      return new DigitPreprocessor(side).normalise(encoded.decode());
    } catch (BadImageException e) {
      throw problem("an image that cannot be read: " + e.getMessage());
    }
  }

  private void requireLength(int length) {
    if (length != pixels) {
      throw problem("a value of " + length + " pixels where the network takes " + pixels);
    }
  }

  private byte level(double value) {
    if (!(value >= 0 && value <= 255)) {
      throw problem("the pixel value " + value + ", outside the IDX scale 0 to 255");
    }
    return (byte) Math.round(value);
  }

  private UsageException problem(String what) {
    return new UsageException("features column " + column + " has " + what);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
