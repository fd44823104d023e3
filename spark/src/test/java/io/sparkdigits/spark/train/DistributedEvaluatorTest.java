package io.sparkdigits.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparkdigits.spark.dataset.DigitsSchema;
import io.sparkdigits.spark.dataset.LabelledImage;
import io.sparkdigits.spark.dataset.Minibatches;
import io.sparkdigits.core.metrics.EvaluationReport;
import io.sparkdigits.core.metrics.MisclassifiedDigit;
import io.sparkdigits.core.metrics.SplitScores;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.Updater;
import io.sparkdigits.spark.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.assertj.core.util.DoubleComparator;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;

class DistributedEvaluatorTest extends SparkTestBase {
  private static final int PIXELS = 16;
  private static final int CLASSES = 4;
  private static final int EXAMPLES = 150;
  private static final int KEEP = 7;

  @Test
  void onePassGivesDl4jsScoresAndTheFirstMisclassifiedImagesWithTheirPixels() {
    MultiLayerNetwork model = new MultiLayerNetwork(
        new NetworkSpec(List.of(PIXELS, 8, CLASSES), Activation.RELU, Updater.ADAM, 0.01, 1, 7).toConfiguration());
    model.init();
    List<Row> rows = rows();
    // rows out of index order, over three partitions: the first misclassified are found by index
    List<Row> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(3));
    Minibatches minibatches = new Minibatches(16, PIXELS, CLASSES);
    List<DataSet> batches = new ArrayList<>();
    for (int from = 0; from < EXAMPLES; from += 16) {
      batches.add(minibatches.toDataSet(shuffled.subList(from, Math.min(EXAMPLES, from + 16)).stream()
          .map(LabelledImage::of).toList()));
    }

    SplitScores scores;
    SplitScores noneKept;
    try (DistributedEvaluator evaluator = new DistributedEvaluator(sc(), model)) {
      scores = evaluator.score(sc().parallelize(batches, 3), KEEP);
      noneKept = evaluator.score(sc().parallelize(batches, 2), 0);
    }

    // the reference: plain DL4J on the whole split at once, in index order
    DataSet all = minibatches.toDataSet(rows.stream().map(LabelledImage::of).toList());
    Evaluation reference = new Evaluation(CLASSES);
    reference.eval(all.getLabels(), model.output(all.getFeatures()));
    assertThat(scores.report().examples()).isEqualTo(EXAMPLES);
    assertThat(scores.report().accuracy()).as("accuracy").isEqualTo(reference.accuracy());
    assertThat(scores.report().accuracy()).as("an untrained model gets some wrong").isLessThan(0.8);
    for (int actual = 0; actual < CLASSES; actual++) {
      for (int predicted = 0; predicted < CLASSES; predicted++) {
        assertThat(scores.report().confusionMatrix()[actual][predicted]).as("confusion %d -> %d", actual, predicted)
            .isEqualTo(reference.getConfusion().getCount(actual, predicted));
      }
    }
    assertThat(scores.report()).as("per-class scores, as DL4J's").usingRecursiveComparison().isEqualTo(
        EvaluationReport.of(reference, CLASSES, scores.report().loss()));
    assertThat(scores.report().loss()).as("loss, as DL4J's score").isCloseTo(model.score(all), within(1e-5));
    assertThat(noneKept.report().loss()).isCloseTo(scores.report().loss(), within(1e-9));
    assertThat(noneKept.misclassified()).isEmpty();

    float[][] probabilities = model.output(all.getFeatures()).toFloatMatrix();
    List<MisclassifiedDigit> expected = new ArrayList<>();
    for (int i = 0; i < EXAMPLES && expected.size() < KEEP; i++) {
      int label = rows.get(i).getAs(DigitsSchema.LABEL);
      int predicted = argMax(probabilities[i]);
      if (predicted != label) {
        expected.add(new MisclassifiedDigit(i, label, predicted, probabilities[i][predicted],
            rows.get(i).getAs(DigitsSchema.PIXELS)));
      }
    }
    assertThat(scores.misclassified()).as("the first %d misclassified, by index", KEEP)
        .usingRecursiveFieldByFieldElementComparator(RecursiveComparisonConfiguration.builder()
            .withComparatorForType(new DoubleComparator(1e-6), Double.class).build())
        .containsExactlyElementsOf(expected);
  }

  private static List<Row> rows() {
    Random random = new Random(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < EXAMPLES; i++) {
      byte[] pixels = new byte[PIXELS];
      random.nextBytes(pixels);
      rows.add(new GenericRowWithSchema(new Object[] {"test", i, random.nextInt(CLASSES), pixels},
          DigitsSchema.SCHEMA));
    }
    return rows;
  }

  private static int argMax(float[] values) {
    int best = 0;
    for (int c = 1; c < values.length; c++) {
      if (values[c] > values[best]) {
        best = c;
      }
    }
    return best;
  }
}
