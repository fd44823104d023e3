package io.sparkdigits.spark.predict;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.sparkdigits.spark.dataset.DigitsSchema;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.model.NetworkOutput;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Scores images with a model on the executors. Input rows have {@link #ID}, {@link #PIXELS} (the
 * image's unsigned bytes as ingest stores them, or null) and {@link #ERROR} (why there are no
 * pixels, or null); each comes out as one row of {@link #SCHEMA}: the id, the predicted class and
 * the probability of every class, or the error and no prediction.
 */
public final class Predictor {
  public static final String ID = "id";
  public static final String PIXELS = "pixels";
  public static final String PREDICTED = "predicted";
  public static final String PROBABILITIES = "probabilities";
  public static final String ERROR = "error";

  /** The input: an id, the pixels or null, and why they are null. */
  public static final StructType INPUT_SCHEMA = new StructType()
      .add(ID, DataTypes.StringType, false)
      .add(PIXELS, DataTypes.BinaryType, true)
      .add(ERROR, DataTypes.StringType, true);

  public static final StructType SCHEMA = new StructType()
      .add(ID, DataTypes.StringType, false)
      .add(PREDICTED, DataTypes.IntegerType, true)
      .add(PROBABILITIES, DataTypes.createArrayType(DataTypes.FloatType, false), true)
      .add(ERROR, DataTypes.StringType, true);

  private final SparkSession spark;

  /** Rows of an ingested dataset ({@code DigitsSchema}) as input: their index is the id. */
  public static Dataset<Row> inputOf(Dataset<Row> digits) {
    return digits.select(col(DigitsSchema.INDEX).cast(DataTypes.StringType).as(ID),
        col(DigitsSchema.PIXELS).as(PIXELS), lit(null).cast(DataTypes.StringType).as(ERROR));
  }

  public Predictor(SparkSession spark) {
    this.spark = spark;
  }

  /** What scoring makes of rows of any schema: the image of each, and the row it comes out as. */
  public interface Scoring extends Serializable {
    /** The row's image, one unsigned byte a pixel; null when it has none. */
    byte[] image(Row row);

    /** The row that a row with an image comes out as. */
    Row scored(Row row, int predicted, float[] probabilities);

    /** The row that a row without an image (reason null) or with one of the wrong size comes out as. */
    Row unscored(Row row, String reason);
  }

  public Dataset<Row> predict(MultiLayerNetwork model, Dataset<Row> images) {
    // the rows of javaRDD() carry no schema: the columns go in INPUT_SCHEMA's order and are read by position
    return spark.createDataFrame(score(model, images.select(ID, PIXELS, ERROR).javaRDD(), new ById()), SCHEMA);
  }

  /**
   * {@code rows} scored on the executors, each as {@code scoring} makes it: the model is sent once,
   * restored once per partition, and fed a batch at a time as the rows stream through.
   */
  public JavaRDD<Row> score(MultiLayerNetwork model, JavaRDD<Row> rows, Scoring scoring) {
    Broadcast<byte[]> modelBytes =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(ModelFiles.toBytes(model));
    return rows.mapPartitions(new ScorePartition(modelBytes, ModelFiles.inputPixels(model), scoring));
  }

  /** Rows of {@link #INPUT_SCHEMA} as rows of {@link #SCHEMA}. */
  private static final class ById implements Scoring {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] image(Row row) {
      return (byte[]) row.get(1);
    }

    @Override
    public Row scored(Row row, int predicted, float[] probabilities) {
      return RowFactory.create(row.getString(0), predicted, probabilities, null);
    }

    @Override
    public Row unscored(Row row, String reason) {
      return RowFactory.create(row.getString(0), null, null, reason == null ? row.getString(2) : reason);
    }
  }

  /** One partition's images, scored a batch at a time with the model restored once. */
  private static final class ScorePartition implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> modelBytes;
    private final int pixels;
    private final Scoring scoring;

    ScorePartition(Broadcast<byte[]> modelBytes, int pixels, Scoring scoring) {
      this.modelBytes = modelBytes;
      this.pixels = pixels;
      this.scoring = scoring;
    }

    /**
     * The partition's rows scored a forward pass ({@link NetworkOutput#BATCH_SIZE}) at a time as they
     * are consumed, so that its predictions are written as they come and never all held at once.
     */
    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      MultiLayerNetwork model = ModelFiles.fromBytes(modelBytes.value());
      return new Iterator<>() {
        private Iterator<Row> batch = Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          while (!batch.hasNext() && rows.hasNext()) {
            batch = scoreNext(model, rows).iterator();
          }
          return batch.hasNext();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return batch.next();
        }
      };
    }

    /** The next forward pass's rows (or fewer, at the end), each as its output row. */
    private List<Row> scoreNext(MultiLayerNetwork model, Iterator<Row> rows) {
      List<Row> scored = new ArrayList<>(NetworkOutput.BATCH_SIZE);
      List<Row> withImages = new ArrayList<>(NetworkOutput.BATCH_SIZE);
      List<byte[]> images = new ArrayList<>(NetworkOutput.BATCH_SIZE);
      for (int read = 0; read < NetworkOutput.BATCH_SIZE && rows.hasNext(); read++) {
        Row row = rows.next();
        byte[] image = scoring.image(row);
        if (image == null) {
          scored.add(scoring.unscored(row, null));
        } else if (image.length != pixels) {
          scored.add(scoring.unscored(row, "the image has " + image.length + " pixels where the model takes " + pixels));
        } else {
          withImages.add(row);
          images.add(image);
        }
      }
      if (!images.isEmpty()) {
        NetworkOutput output = NetworkOutput.of(model, images, pixels);
        for (int i = 0; i < withImages.size(); i++) {
          scored.add(scoring.scored(withImages.get(i), output.predictedClass(i), output.probabilities(i)));
        }
      }
      return scored;
    }
  }
}
