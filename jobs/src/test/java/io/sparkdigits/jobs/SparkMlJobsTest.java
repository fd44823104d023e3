package io.sparkdigits.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.core.testing.ProjectConf;
import io.sparkdigits.core.testing.SyntheticDigits;
import io.sparkdigits.ml.DigitsClassificationModel;
import io.sparkdigits.ml.DigitsClassifier;
import io.sparkdigits.spark.dataset.DigitsDataset;
import io.sparkdigits.spark.dataset.DigitsSchema;
import io.sparkdigits.spark.predict.Predictor;
import io.sparkdigits.spark.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark ML classifier against the jobs: the same training as train, the predict job through its transform. */
class SparkMlJobsTest extends SparkTestBase {
  private static final String[] SETTINGS = {"--layers", "784-16-10", "--epochs", "2", "--batch-size", "16",
      "--learning-rate", "0.01", "--seed", "7", "--workers", "2"};

  @TempDir Path dir;

  @Test
  void theClassifiersDefaultsAreTheTrainJobs() {
    Properties defaults = ProjectConf.properties("pipeline.properties");
    DigitsClassifier classifier = new DigitsClassifier();
    assertThat(classifier.getLayers()).isEqualTo(defaults.getProperty("layers"));
    assertThat(classifier.getActivation()).isEqualTo(defaults.getProperty("activation"));
    assertThat(classifier.getUpdater()).isEqualTo(defaults.getProperty("updater"));
    assertThat(classifier.getLearningRate()).isEqualTo(Double.parseDouble(defaults.getProperty("learning-rate")));
    assertThat(classifier.getLearningRateDecay())
        .isEqualTo(Double.parseDouble(defaults.getProperty("learning-rate-decay")));
    assertThat(classifier.getSeed()).isEqualTo(Long.parseLong(defaults.getProperty("seed")));
    assertThat(classifier.getEpochs()).isEqualTo(Integer.parseInt(defaults.getProperty("epochs")));
    assertThat(classifier.getBatchSize()).isEqualTo(Integer.parseInt(defaults.getProperty("batch-size")));
    assertThat(classifier.getAveragingFrequency())
        .isEqualTo(Integer.parseInt(defaults.getProperty("averaging-frequency")));
    assertThat(classifier.getWorkers()).isEqualTo(Integer.parseInt(defaults.getProperty("workers")));
  }

  @Test
  void fitGivesTheParametersOfTheTrainJobAndPredictScoresTablesThroughTransform() throws Exception {
    Path data = dir.resolve("data");
    new SyntheticDigits(700, 28, 28, 10, 31).writeMnistFiles(data, "train", false);
    new SyntheticDigits(200, 28, 28, 10, 32).writeMnistFiles(data, "t10k", false);
    String warehouse = dir.resolve("warehouse").toString();
    assertThat(JobOutput.run(new IngestJob(), "--data", data.toString(), "--out", warehouse).exitCode()).isZero();
    List<String> train = new java.util.ArrayList<>(List.of("--out", warehouse, "--run-id", "job"));
    train.addAll(List.of(SETTINGS));
    JobOutput trained = JobOutput.run(new TrainJob(), train.toArray(String[]::new));
    assertThat(trained.exitCode()).as(trained.err()).isZero();
    Configuration conf = new Configuration();
    MultiLayerNetwork byJob = ModelFiles.read(FileSystem.getLocal(conf),
        new org.apache.hadoop.fs.Path(Path.of(warehouse, "_staging", "job", "model.zip").toUri()));

    Path modelFile = dir.resolve("model.zip");
    Path tableFile = dir.resolve("table");
    check(spark -> {
      DigitsDataset dataset = DigitsDataset.open(spark, StorageLayout.at(warehouse, conf), "mnist");
      // the training split in its own order, which the classifier numbers as ingest numbered it
      DigitsClassificationModel fitted = new DigitsClassifier().setLayers("784-16-10").setEpochs(2).setBatchSize(16)
          .setLearningRate(0.01).setSeed(7).setWorkers(2).fit(dataset.split("train").orderBy(DigitsSchema.INDEX));
      assertThat(fitted.network().params()).as("the classifier's parameters against the train job's")
          .isEqualTo(byJob.params());
      ModelFiles.write(FileSystem.getLocal(conf), new org.apache.hadoop.fs.Path(modelFile.toUri()), fitted.network());

      // the test split as another engine might have it: a name and an array of doubles
      UserDefinedFunction levels = udf((UDF1<byte[], double[]>) pixels -> {
        double[] values = new double[pixels.length];
        for (int p = 0; p < pixels.length; p++) {
          values[p] = Byte.toUnsignedInt(pixels[p]);
        }
        return values;
      }, DataTypes.createArrayType(DataTypes.DoubleType));
      dataset.split("test").orderBy(DigitsSchema.INDEX).select(col(DigitsSchema.INDEX).cast("string").as("name"),
              col(DigitsSchema.LABEL).cast("long").as("digit"), levels.apply(col(DigitsSchema.PIXELS)).as("image"))
          .coalesce(1)
          .write().parquet(tableFile.toString());
    });

    String byParquet = dir.resolve("by-parquet").toString();
    JobOutput predicted = JobOutput.run(new PredictJob(), "--out", warehouse, "--model", modelFile.toString(),
        "--parquet", tableFile.toString(), "--image-col", "image", "--id-col", "name", "--output", byParquet);
    assertThat(predicted.exitCode()).as(predicted.err()).isZero();
    assertThat(predicted.out()).contains("Predicted 200 images");
    String bySplit = dir.resolve("by-split").toString();
    assertThat(JobOutput.run(new PredictJob(), "--out", warehouse, "--model", modelFile.toString(), "--split", "test",
        "--output", bySplit).exitCode()).isZero();
    check(spark -> assertThat(spark.read().parquet(byParquet).select(Predictor.ID, Predictor.PREDICTED,
            Predictor.PROBABILITIES).collectAsList())
        .as("the table scored through transform, against the split scored as before")
        .containsExactlyInAnyOrderElementsOf(spark.read().parquet(bySplit).select(Predictor.ID, Predictor.PREDICTED,
            Predictor.PROBABILITIES).collectAsList()));

    // --table: a table of the session's catalog, here a view
    String byTable = dir.resolve("by-table").toString();
    spark().read().parquet(tableFile.toString()).createOrReplaceTempView("digits_table");
    JobOutput table = JobOutput.run(new PredictJob(), "--out", warehouse, "--model", modelFile.toString(),
        "--table", "digits_table", "--image-col", "image", "--id-col", "name", "--output", byTable);
    assertThat(table.exitCode()).as(table.err()).isZero();
    check(spark -> assertThat(spark.read().parquet(byTable).count()).isEqualTo(200));

    // the train job on the same table, numbered in its order as the classifier numbers it
    List<String> onTable = new java.util.ArrayList<>(List.of("--out", warehouse, "--run-id", "table", "--parquet",
        tableFile.toString(), "--image-col", "image", "--label-col", "digit"));
    onTable.addAll(List.of(SETTINGS));
    JobOutput tableTrained = JobOutput.run(new TrainJob(), onTable.toArray(String[]::new));
    assertThat(tableTrained.exitCode()).as(tableTrained.err()).isZero();
    MultiLayerNetwork byJobOnTable = ModelFiles.read(FileSystem.getLocal(conf),
        new org.apache.hadoop.fs.Path(Path.of(warehouse, "_staging", "table", "model.zip").toUri()));
    check(spark -> assertThat(new DigitsClassifier().setLayers("784-16-10").setEpochs(2).setBatchSize(16)
        .setLearningRate(0.01).setSeed(7).setWorkers(2).setFeaturesCol("image").setLabelCol("digit")
        .fit(spark.read().parquet(tableFile.toString())).network().params())
        .as("train --parquet against fit on the same table").isEqualTo(byJobOnTable.params()));

    JobOutput badColumn = JobOutput.run(new PredictJob(), "--out", warehouse, "--model", modelFile.toString(),
        "--parquet", tableFile.toString(), "--image-col", "name", "--id-col", "name", "--output",
        dir.resolve("never").toString());
    assertThat(badColumn.exitCode()).isEqualTo(2);
    assertThat(badColumn.err().strip()).isEqualTo("predict: features column name is of type string, not binary, "
        + "array<int>, array<float>, array<double> or vector");
    assertThat(dir.resolve("never")).doesNotExist();
  }
}
