package io.sparkdigits.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.core.image.DigitPreprocessor;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.registry.Decision;
import io.sparkdigits.core.registry.ModelRegistry;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.spark.testing.SparkTestBase;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every accepted type of features column, in training and in scoring, and the SQL functions on a
 * registry's champion. The same images in every type give the same parameters and the same predictions.
 */
class FeatureTypesAndSqlTest extends SparkTestBase {
  private static DigitsClassificationModel model;
  private static Dataset<Row> test;

  @TempDir static Path dir;

  private static DigitsClassifier small() {
    return new DigitsClassifier().setLayers("784-16-10").setEpochs(1).setBatchSize(16).setLearningRate(0.01)
        .setSeed(11).setWorkers(2);
  }

  @BeforeAll
  static void trainOnBytes() {
    model = small().fit(DigitFrames.of(spark(), 300, 21));
    test = DigitFrames.of(spark(), 100, 22).cache();
  }

  /** The pixels column as {@code type}: array<int>, array<float>, array<double> or vector. */
  private static Dataset<Row> as(Dataset<Row> digits, String type) {
    UserDefinedFunction numbers = udf((UDF1<byte[], int[]>) bytes -> {
      int[] values = new int[bytes.length];
      for (int p = 0; p < bytes.length; p++) {
        values[p] = Byte.toUnsignedInt(bytes[p]);
      }
      return values;
    }, DataTypes.createArrayType(DataTypes.IntegerType));
    Dataset<Row> ints = digits.withColumn("pixels", numbers.apply(col("pixels")));
    if (type.equals("vector")) {
      UserDefinedFunction vector = udf((UDF1<scala.collection.Seq<Integer>, Vector>) values -> {
        double[] doubles = new double[values.length()];
        for (int p = 0; p < doubles.length; p++) {
          doubles[p] = values.apply(p);
        }
        return Vectors.dense(doubles);
      }, SQLDataTypes.VectorType());
      return ints.withColumn("pixels", vector.apply(col("pixels")));
    }
    return ints.withColumn("pixels", col("pixels").cast(type));
  }

  @Test
  void everyFeaturesTypeTrainsAndScoresAsTheBytesDo() {
    List<Row> expected = model.transform(test).select("prediction", "probability").collectAsList();
    for (String type : new String[] {"array<int>", "array<float>", "array<double>", "vector"}) {
      Dataset<Row> typedTest = as(test, type);
      assertThat(model.transform(typedTest).select("prediction", "probability").collectAsList()).as(type)
          .isEqualTo(expected);
      DigitsClassificationModel trained = small().fit(as(DigitFrames.of(spark(), 300, 21), type));
      assertThat(trained.network().params()).as("parameters trained on %s", type).isEqualTo(model.network().params());
    }
  }

  @Test
  void pngAndJpegFilesArePreprocessedAsThePredictJobDoes() throws Exception {
    List<Row> digits = test.limit(20).collectAsList();
    DigitPreprocessor preprocessor = new DigitPreprocessor(28);
    List<Row> files = new java.util.ArrayList<>();
    List<Row> preprocessed = new java.util.ArrayList<>();
    for (int i = 0; i < digits.size(); i++) {
      byte[] pixels = (byte[]) digits.get(i).get(1);
      BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      image.getRaster().setDataElements(0, 0, 28, 28, pixels);
      ByteArrayOutputStream encoded = new ByteArrayOutputStream();
      ImageIO.write(image, i % 2 == 0 ? "png" : "jpeg", encoded);
      byte[] file = encoded.toByteArray();
      files.add(org.apache.spark.sql.RowFactory.create(0, file));
      preprocessed.add(org.apache.spark.sql.RowFactory.create(0,
          preprocessor.normalise(ImageIO.read(new ByteArrayInputStream(file)))));
    }
    assertThat(model.transform(spark().createDataFrame(files, DigitFrames.SCHEMA)).select("prediction", "probability")
        .collectAsList()).isEqualTo(model.transform(spark().createDataFrame(preprocessed, DigitFrames.SCHEMA))
        .select("prediction", "probability").collectAsList());
  }

  @Test
  void sqlScoresATableWithTheChampion() throws Exception {
    Configuration conf = new Configuration();
    StorageLayout layout = StorageLayout.at(dir.resolve("warehouse").toString(), conf);
    FileSystem fs = layout.fileSystem(conf);
    String runId = "20261207-000000-aaaaaa";
    ModelFiles.write(fs, new org.apache.hadoop.fs.Path(layout.forModel("digits").run(runId), "model.zip"),
        model.network());
    // a published run has its metrics beside its model; what they say does not matter here
    java.nio.file.Files.writeString(Path.of(layout.forModel("digits").run(runId).toUri()).resolve("metrics.json"), "{}");
    new ModelRegistry(fs, layout, "digits").decideAndPromote(runId, 0.95, champion -> new Decision(runId,
        Decision.Outcome.PROMOTED, "first run", Instant.now().toString(), null, Double.NaN, 0.95, 0.001, "data",
        "configuration"));

    DigitsFunctions.register(spark(), layout.root().toString(), "digits");
    test.createOrReplaceTempView("digits");
    as(test, "vector").createOrReplaceTempView("vectors");
    List<Row> expected = model.transform(test).select("prediction", "probability").collectAsList();
    List<Row> byBytes = spark().sql("SELECT digits_predict(pixels), digits_probabilities(pixels) FROM digits")
        .collectAsList();
    List<Row> byVectors = spark().sql("SELECT digits_predict(pixels) FROM vectors").collectAsList();
    assertThat(spark().sql("SELECT digits_predict(pixels) FROM digits").schema().fields()[0].dataType())
        .isEqualTo(DataTypes.IntegerType);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(byBytes.get(i).getInt(0)).isEqualTo((int) expected.get(i).getDouble(0));
      assertThat(byVectors.get(i).getInt(0)).isEqualTo((int) expected.get(i).getDouble(0));
      double[] probabilities = byBytes.get(i).<Double>getList(1).stream().mapToDouble(Double::doubleValue).toArray();
      assertThat(probabilities).containsExactly(((Vector) expected.get(i).get(1)).toArray());
    }
    assertThat(DigitsClassificationModel.champion(spark(), layout.root().toString(), "digits").network().params())
        .isEqualTo(model.network().params());
    assertThat(DigitsClassificationModel.fromRun(spark(), layout.root().toString(), "digits", runId).network().params())
        .isEqualTo(model.network().params());
  }
}
