package io.sparkdigits.ml;

import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.model.NetworkInput;
import io.sparkdigits.core.model.NetworkOutput;
import io.sparkdigits.spark.dataset.PixelColumn;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The champion of a registered model as SQL functions: {@code digits_predict(pixels)}, the
 * predicted digit (int), and {@code digits_probabilities(pixels)}, every class's probability
 * (array&lt;double&gt;), of a column of any type {@link DigitsClassificationModel} scores. The
 * champion is resolved once, when the functions are registered, so a query sees one model however
 * the registry changes while it runs; the network is sent to the executors once and restored once
 * per task. SQL calls a function a row at a time, so for large tables {@link
 * DigitsClassificationModel#transform}, which scores in batches, is faster.
 */
public final class DigitsFunctions {
  public static final String PREDICT = "digits_predict";
  public static final String PROBABILITIES = "digits_probabilities";

  private DigitsFunctions() {}

  /** Registers the functions with {@code spark} for the champion of model {@code modelName} under {@code rootUri}. */
  public static void register(SparkSession spark, String rootUri, String modelName) {
    register(spark, DigitsClassificationModel.champion(spark, rootUri, modelName));
  }

  /** Registers the functions with {@code spark} for {@code model}. */
  public static void register(SparkSession spark, DigitsClassificationModel model) {
    Broadcast<byte[]> network = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(ModelFiles.toBytes(model.network()));
    PixelColumn pixels = new PixelColumn("of " + PREDICT + "/" + PROBABILITIES, model.numPixels());
    spark.udf().register(PREDICT, (UDF1<Object, Integer>) new Scorer(network, pixels)::predicted,
        DataTypes.IntegerType);
    spark.udf().register(PROBABILITIES, (UDF1<Object, double[]>) new Scorer(network, pixels)::probabilities,
        DataTypes.createArrayType(DataTypes.DoubleType, false));
  }

  /** One image at a time through the network, restored at its first use in each task. */
  private static final class Scorer implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> network;
    private final PixelColumn pixels;
    private transient MultiLayerNetwork restored;

    Scorer(Broadcast<byte[]> network, PixelColumn pixels) {
      this.network = network;
      this.pixels = pixels;
    }

    Integer predicted(Object value) {
      float[] classes = classes(value);
      return NetworkOutput.predictedClass(classes, 0, classes.length);
    }

    double[] probabilities(Object value) {
      float[] classes = classes(value);
      double[] probabilities = new double[classes.length];
      for (int c = 0; c < classes.length; c++) {
        probabilities[c] = classes[c];
      }
      return probabilities;
    }

    private float[] classes(Object value) {
      if (restored == null) {
        restored = ModelFiles.fromBytes(network.value());
      }
      try (INDArray features = NetworkInput.features(List.of(pixels.pixels(value)), pixels.pixels());
           INDArray output = restored.output(features)) {
        return output.toFloatVector();
      }
    }
  }
}
