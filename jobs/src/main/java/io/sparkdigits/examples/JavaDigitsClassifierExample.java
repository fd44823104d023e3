package io.sparkdigits.examples;

import io.sparkdigits.ml.DigitsClassificationModel;
import io.sparkdigits.ml.DigitsClassifier;
import io.sparkdigits.ml.DigitsFunctions;
import java.io.IOException;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * An example of the digits classifier in a Spark application of your own: trains on a table of
 * images and labels, saves and loads the model, and scores the test table with it, as a DataFrame
 * and from SQL. Run with:
 * <pre>
 * spark-submit --class io.sparkdigits.examples.JavaDigitsClassifierExample spark-digits-jobs.jar \
 *   TRAIN_PARQUET TEST_PARQUET MODEL_URI
 * </pre>
 * where the tables have the ingest job's columns, {@code label} (int) and {@code pixels} (binary,
 * one byte a pixel), e.g. {@code warehouse/datasets/mnist/VERSION/split=train} and {@code split=test}.
 */
public final class JavaDigitsClassifierExample {
  private JavaDigitsClassifierExample() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("Usage: JavaDigitsClassifierExample TRAIN_PARQUET TEST_PARQUET MODEL_URI");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("JavaDigitsClassifierExample").getOrCreate();
    Dataset<Row> training = spark.read().parquet(args[0]);
    Dataset<Row> test = spark.read().parquet(args[1]);

    DigitsClassifier classifier = new DigitsClassifier()
        .setLayers("784-128-10")
        .setEpochs(5)
        .setBatchSize(64)
        .setLearningRate(0.004)
        .setSeed(42)
        .setFeaturesCol("pixels")
        .setLabelCol("label");
    DigitsClassificationModel model = classifier.fit(training);
    model.write().overwrite().save(args[2]);

    DigitsClassificationModel loaded = DigitsClassificationModel.load(args[2]);
    Dataset<Row> predictions = loaded.transform(test);
    predictions.select("label", "prediction", "probability").show(5, false);
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions);
    System.out.printf("Test accuracy: %.4f%n", accuracy);

    DigitsFunctions.register(spark, loaded);
    test.createOrReplaceTempView("test");
    spark.sql("SELECT avg(CASE WHEN digits_predict(pixels) = label THEN 1.0 ELSE 0.0 END) AS accuracy FROM test")
        .show();

    spark.stop();
  }
}
