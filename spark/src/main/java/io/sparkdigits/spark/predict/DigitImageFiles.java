package io.sparkdigits.spark.predict;

import io.sparkdigits.core.image.BadImageException;
import io.sparkdigits.core.image.DigitPreprocessor;
import io.sparkdigits.core.image.EncodedImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.datavec.spark.util.SerializableHadoopConfig;

/**
 * The files in a folder (any Hadoop URI), read on the executors into {@link Predictor}'s input:
 * one row per file, its path as the id, and its digit preprocessed, or why it could not be: an
 * empty file, a file that is no PNG or JPEG or one {@link EncodedImage} refuses (over its size
 * limit, corrupt, CMYK), or a blank one is an error of its own row and does not stop the others.
 *
 * <p>Every file under the folder gets its row, at any depth, whatever its name. Spark's own file
 * sources would skip empty files and names starting with {@code _} or {@code .} without a word,
 * and a user who put a file there would find it nowhere: here they find the reason it has no
 * prediction instead.
 */
public final class DigitImageFiles {
  /** How a picture becomes the network's input. */
  public enum Preprocessing {
    /** MNIST's own normalisation, for any picture of a digit: {@link DigitPreprocessor#normalise}. */
    MNIST,
    /** Only grayscale and light-on-dark, for pictures that already are normalised digits of the model's size. */
    NONE
  }

  /**
   * Far beyond any picture of one digit: a larger file is reported instead of read, so that a
   * stray video in the folder cannot exhaust an executor's memory.
   */
  static final long MAX_BYTES = 64L << 20;

  private DigitImageFiles() {}

  /**
   * A file to read, with its size as listed. A class rather than a record: Spark ships it with
   * Kryo, whose field serializer cannot build records.
   */
  private static final class ImageFile implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final long bytes;

    ImageFile(String path, long bytes) {
      this.path = path;
      this.bytes = bytes;
    }

    String path() {
      return path;
    }

    long bytes() {
      return bytes;
    }
  }

  /** Whether {@code folder} holds no file at all, at any depth. */
  public static boolean isEmpty(FileSystem fs, Path folder) throws IOException {
    return !fs.listFiles(folder, true).hasNext();
  }

  /**
   * Every file under {@code folder}, each a digit in a {@code side x side} image for the network;
   * {@code folder} may be one file.
   */
  public static Dataset<Row> read(SparkSession spark, String folder, Preprocessing preprocessing, int side)
      throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path path = new Path(folder);
    List<ImageFile> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> listing = path.getFileSystem(conf).listFiles(path, true);
    while (listing.hasNext()) {
      LocatedFileStatus file = listing.next();
      files.add(new ImageFile(file.getPath().toString(), file.getLen()));
    }
    files.sort(Comparator.comparing(ImageFile::path));
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableHadoopConfig> hadoopConf = sc.broadcast(new SerializableHadoopConfig(conf));
    JavaRDD<Row> rows = sc.parallelize(files).map(new Decode(hadoopConf, preprocessing, side));
    return spark.createDataFrame(rows, Predictor.INPUT_SCHEMA);
  }

  private static final class Decode implements Function<ImageFile, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<SerializableHadoopConfig> hadoopConf;
    private final Preprocessing preprocessing;
    private final int side;

    Decode(Broadcast<SerializableHadoopConfig> hadoopConf, Preprocessing preprocessing, int side) {
      this.hadoopConf = hadoopConf;
      this.preprocessing = preprocessing;
      this.side = side;
    }

    @Override
    public Row call(ImageFile file) {
      if (file.bytes() == 0) {
        return failed(file, "empty file");
      }
      if (file.bytes() > MAX_BYTES) {
        return failed(file, "too large for a picture of a digit: " + file.bytes() + " bytes");
      }
      byte[] content;
      try {
        content = content(file);
      } catch (IOException e) {
        return failed(file, e.getMessage() == null ? e.toString() : e.getMessage());
      }
      try (EncodedImage encoded = EncodedImage.open(content)) {
        BufferedImage image = encoded.decode();
        DigitPreprocessor preprocessor = new DigitPreprocessor(side);
        byte[] pixels = preprocessing == Preprocessing.MNIST ? preprocessor.normalise(image) : preprocessor.asIs(image);
        return RowFactory.create(file.path(), pixels, null);
      } catch (BadImageException e) {
        return failed(file, e.getMessage());
      }
    }

    private byte[] content(ImageFile file) throws IOException {
      Path path = new Path(file.path());
      try (InputStream in = path.getFileSystem(hadoopConf.value().getConfiguration()).open(path)) {
        return in.readAllBytes();
      }
    }

    private static Row failed(ImageFile file, String reason) {
      return RowFactory.create(file.path(), null, reason);
    }
  }
}
