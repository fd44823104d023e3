package io.sparkdigits.spark.pipeline;

import static org.apache.spark.sql.functions.col;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.spark.dataset.DigitsDataset;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.spark.predict.DigitImageFiles;
import io.sparkdigits.spark.predict.Predictor;
import io.sparkdigits.core.storage.HadoopFiles;
import io.sparkdigits.core.storage.Scratch;
import io.sparkdigits.core.storage.StorageLayout;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Predict: a model's digits for a folder of images, a dataset's split or any table, written as Parquet
 * ({@link Predictor#SCHEMA}) that appears whole at its destination or not at all.
 */
public final class PredictStage {
  /** Where the predictions went, how many images got one, and how many could not be read. */
  public record Result(Path output, long predicted, long failed) {}

  private final SparkSession spark;
  private final StorageLayout layout;

  public PredictStage(SparkSession spark, StorageLayout layout) {
    this.spark = spark;
    this.layout = layout;
  }

  /**
   * The model of a published run: {@code uri} is its directory, or the model file itself. Needs no
   * Spark, so that a job can read it before Spark starts.
   */
  public static MultiLayerNetwork model(String uri, Configuration conf) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(conf);
    return ModelFiles.read(fs, fs.isDirectory(path) ? new Path(path, StorageLayout.MODEL_FILE) : path);
  }

  /** The image files of {@code folder}, prepared for {@code model}, whose input must be a square image. */
  public Dataset<Row> images(String folder, DigitImageFiles.Preprocessing preprocessing, MultiLayerNetwork model)
      throws IOException {
    return DigitImageFiles.read(spark, folder, preprocessing, imageSide(model));
  }

  /** The side of the square images {@code model} takes. */
  public static int imageSide(MultiLayerNetwork model) {
    return ModelFiles.imageSide(model).orElseThrow(() ->
        new UsageException("the model takes " + ModelFiles.inputPixels(model) + " inputs, not a square image"));
  }

  /** The images of a dataset's split as they were ingested, their index as the id. */
  public Dataset<Row> datasetImages(String datasetName, String split) throws IOException {
    return Predictor.inputOf(DigitsDataset.open(spark, layout, datasetName).split(split));
  }

  /** Checks that nothing is at {@code output} yet: predictions never replace anything. */
  public static void requireNew(FileSystem fs, Path output) throws IOException {
    if (fs.exists(output)) {
      throw new UsageException("--output " + output + " already exists");
    }
  }

  public Result run(MultiLayerNetwork model, Dataset<Row> images, Path output) throws IOException {
    return write(new Predictor(spark).predict(model, images), output);
  }

  /** Writes {@code predictions}, rows of {@link Predictor#SCHEMA}, to {@code output}, whole or not at all. */
  public Result write(Dataset<Row> predictions, Path output) throws IOException {
    FileSystem fs = output.getFileSystem(spark.sparkContext().hadoopConfiguration());
    requireNew(fs, output);
    // written beside the destination, so that the commit is a rename within one filesystem
    Path written = Scratch.beside(output);
    try {
      predictions.write().parquet(written.toString());
      HadoopFiles.commitDirectory(fs, written, output);
    } finally {
      fs.delete(written, true);
    }
    Dataset<Row> committed = spark.read().parquet(output.toString());
    long failed = committed.where(col(Predictor.ERROR).isNotNull()).count();
    return new Result(output, committed.count() - failed, failed);
  }
}
