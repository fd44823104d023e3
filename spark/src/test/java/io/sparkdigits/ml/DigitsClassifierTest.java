package io.sparkdigits.ml;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.spark.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classifier as MLlib's tools use a classifier: in a pipeline saved and loaded, tuned by cross-validation. */
class DigitsClassifierTest extends SparkTestBase {
  @TempDir Path dir;

  private static DigitsClassifier small() {
    return new DigitsClassifier().setLayers("784-16-10").setEpochs(2).setBatchSize(16).setLearningRate(0.01)
        .setSeed(7).setWorkers(2);
  }

  @Test
  void paramsAreMLlibsWithTheTrainJobsDefaults() {
    DigitsClassifier classifier = new DigitsClassifier();
    assertThat(classifier.uid()).startsWith("digitsClassifier_");
    assertThat(classifier.getFeaturesCol()).isEqualTo("pixels");
    assertThat(classifier.getLabelCol()).isEqualTo("label");
    assertThat(classifier.getPredictionCol()).isEqualTo("prediction");
    assertThat(classifier.getProbabilityCol()).isEqualTo("probability");
    assertThat(classifier.explainParams()).contains("layers: the network's layers", "(default: 784-128-10)",
        "learningRate: learning rate (> 0) (default: 0.004)");
    DigitsClassifier copy = classifier.copy(new ParamMap().put(classifier.epochs().w(9)));
    assertThat(copy.uid()).isEqualTo(classifier.uid());
    assertThat(copy.getEpochs()).isEqualTo(9);
    assertThat(classifier.getEpochs()).isEqualTo(3);
    assertThatThrownBy(() -> classifier.setLearningRate(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("learningRate");
    assertThatThrownBy(() -> classifier.setUpdater("adamw")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("updater");
  }

  @Test
  void aPipelineSavedAndLoadedGivesEqualPredictions() throws Exception {
    Dataset<Row> train = DigitFrames.of(spark(), 600, 1);
    Dataset<Row> test = DigitFrames.of(spark(), 200, 2);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {small()});
    String pipelinePath = dir.resolve("pipeline").toUri().toString();
    pipeline.write().save(pipelinePath);
    DigitsClassifier loadedStage = (DigitsClassifier) Pipeline.load(pipelinePath).getStages()[0];
    assertThat(loadedStage.getLayers()).isEqualTo("784-16-10");
    assertThat(loadedStage.getSeed()).isEqualTo(7);

    PipelineModel fitted = pipeline.fit(train);
    String modelPath = dir.resolve("model").toUri().toString();
    fitted.write().overwrite().save(modelPath);
    PipelineModel loaded = PipelineModel.load(modelPath);

    List<Row> before = fitted.transform(test).select("prediction", "probability").collectAsList();
    List<Row> after = loaded.transform(test).select("prediction", "probability").collectAsList();
    assertThat(after).isEqualTo(before);
    MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
    assertThat(accuracy.evaluate(loaded.transform(test))).as("accuracy on synthetic digits").isGreaterThan(0.9);
    DigitsClassificationModel model = (DigitsClassificationModel) loaded.stages()[0];
    assertThat(model.numPixels()).isEqualTo(784);
    assertThat(model.numClasses()).isEqualTo(10);
  }

  @Test
  void aModelSavedAndLoadedKeepsItsColumnsAndNetwork() throws Exception {
    DigitsClassificationModel model = small().setPredictionCol("digit").fit(DigitFrames.of(spark(), 400, 3));
    String path = dir.resolve("model").toUri().toString();
    model.write().overwrite().save(path);
    DigitsClassificationModel loaded = DigitsClassificationModel.load(path);
    assertThat(loaded.uid()).isEqualTo(model.uid());
    assertThat(loaded.getPredictionCol()).isEqualTo("digit");
    assertThat(loaded.network().params()).isEqualTo(model.network().params());
    assertThat(dir.resolve("model").resolve(DigitsClassificationModel.NETWORK_FILE)).as("DL4J's own zip").isRegularFile();
    assertThatThrownBy(() -> model.write().save(path)).as("no overwrite unless asked")
        .hasMessageContaining("already exists");
  }

  @Test
  void crossValidationOverLayersAndLearningRatesPicksAModel() {
    Dataset<Row> train = DigitFrames.of(spark(), 600, 4);
    Dataset<Row> test = DigitFrames.of(spark(), 200, 5);
    DigitsClassifier classifier = small().setEpochs(1);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(classifier.layers(), scala.collection.JavaConverters.asScalaBuffer(List.of("784-8-10", "784-24-10")))
        .addGrid(classifier.learningRate(), new double[] {0.001, 0.02})
        .build();
    assertThat(grid).hasSize(4);
    MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator().setMetricName("accuracy");
    CrossValidatorModel validated = new CrossValidator().setEstimator(classifier).setEstimatorParamMaps(grid)
        .setEvaluator(evaluator).setNumFolds(2).setSeed(3).fit(train);
    assertThat(validated.avgMetrics()).hasSize(4);
    DigitsClassificationModel best = (DigitsClassificationModel) validated.bestModel();
    assertThat(evaluator.evaluate(best.transform(test))).isGreaterThan(0.8);

    TrainValidationSplitModel split = new TrainValidationSplit().setEstimator(classifier).setEstimatorParamMaps(grid)
        .setEvaluator(evaluator).setTrainRatio(0.75).setSeed(3).fit(train);
    assertThat(split.validationMetrics()).hasSize(4);
  }

  @Test
  void aBadColumnIsOneLineNamingItBeforeTraining() {
    Dataset<Row> train = DigitFrames.of(spark(), 100, 6);
    DigitsClassifier classifier = small();
    assertBad(() -> classifier.fit(train.withColumn("pixels", col("label").cast("string"))),
        "features column pixels is of type string, not binary");
    assertBad(() -> classifier.setFeaturesCol("image").fit(train), "features column image is not in the data");
    classifier.setFeaturesCol("pixels");
    assertBad(() -> classifier.fit(train.withColumn("label", col("label").cast("double"))),
        "label column label is of type double, not an integer type");
    assertBad(() -> classifier.fit(train.withColumn("label", org.apache.spark.sql.functions.when(col("label")
        .equalTo(3), 10).otherwise(col("label")))), "label column label has the label 10, outside 0 to 9");
    assertBad(() -> classifier.fit(train.withColumn("pixels", org.apache.spark.sql.functions.expr("array(1, 2, 3)"))),
        "features column pixels has a value of 3 pixels where the network takes 784");
    assertBad(() -> classifier.fit(train.withColumn("pixels", org.apache.spark.sql.functions.expr(
        "transform(sequence(1, 784), x -> x * 1.0D)"))), "features column pixels has the pixel value 256.0, outside the IDX scale 0 to 255");
    assertBad(() -> classifier.fit(train.withColumn("pixels", org.apache.spark.sql.functions.lit(null)
        .cast("binary"))), "features column pixels has a null value");
    assertBad(() -> classifier.fit(train.withColumn("prediction", col("label"))),
        "output column prediction already exists");
  }

  private static void assertBad(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(UsageException.class).hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
