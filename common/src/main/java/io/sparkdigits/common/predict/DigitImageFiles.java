package io.sparkdigits.common.predict;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.Encoders;

/**
 * The image files in a folder (any Hadoop URI), read on the executors into {@link Predictor}'s
 * input: one row per file, its path as the id, and its digit preprocessed, or why it could not
 * be: a file that is no image Java can decode, or a blank one, is an error of its own row and
 * does not stop the others.
 */
public final class DigitImageFiles {
  /** How a picture becomes the network's input. */
  public enum Preprocessing {
    /** MNIST's own normalisation, for any picture of a digit: {@link DigitPreprocessor#normalise}. */
    MNIST,
    /** Only grayscale and light-on-dark, for pictures that already are normalised digits of the model's size. */
    NONE
  }

  private DigitImageFiles() {}

  /** The files of {@code folder}, each a digit in a {@code side x side} image for the network. */
  public static Dataset<Row> read(SparkSession spark, String folder, Preprocessing preprocessing, int side) {
    return spark.read().format("binaryFile").load(folder)
        .select("path", "content")
        .map(new Decode(preprocessing, side), Encoders.row(Predictor.INPUT_SCHEMA));
  }

  private static final class Decode implements MapFunction<Row, Row>, Serializable {
    private static final long serialVersionUID = 1L;

    private final Preprocessing preprocessing;
    private final int side;

    Decode(Preprocessing preprocessing, int side) {
      this.preprocessing = preprocessing;
      this.side = side;
    }

    @Override
    public Row call(Row file) {
      String path = file.getString(0);
      try {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(file.getAs(1)));
        if (image == null) {
          return RowFactory.create(path, null, "not an image Java can decode (PNG, JPEG, GIF, BMP)");
        }
        DigitPreprocessor preprocessor = new DigitPreprocessor(side);
        byte[] pixels = preprocessing == Preprocessing.MNIST ? preprocessor.normalise(image) : preprocessor.asIs(image);
        return RowFactory.create(path, pixels, null);
      } catch (IOException | IllegalArgumentException e) {
        return RowFactory.create(path, null, e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }
  }
}
