package io.sparkdigits.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.nd4j.evaluation.classification.ConfusionMatrix;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * How a model scores on a labelled split: accuracy, mean cross-entropy loss, per-class precision,
 * recall, F1 and support, macro-averaged F1, and the confusion matrix (rows: true label, columns:
 * predicted label).
 *
 * <p>Macro F1 is the mean of every class's F1, each class counting once whatever its support. A
 * score that divides by zero is 0: the precision of a class never predicted, the recall of a class
 * with no examples, and the F1 of either; so a class with neither examples nor predictions counts
 * as 0, as scikit-learn's {@code f1_score(labels=range(classes), average="macro", zero_division=0)}
 * counts it.
 */
public record EvaluationReport(
    long examples,
    double accuracy,
    double loss,
    double macroF1,
    List<ClassMetrics> classes,
    long[][] confusionMatrix) {

  /** One class's scores; {@code support} is how many examples truly belong to it. */
  public record ClassMetrics(int label, double precision, double recall, double f1, long support) {}

  public static EvaluationReport of(Evaluation evaluation, int numClasses, double loss) {
    ConfusionMatrix<Integer> confusion = evaluation.getConfusion();
    long[][] matrix = new long[numClasses][numClasses];
    List<ClassMetrics> classes = new ArrayList<>();
    for (int actual = 0; actual < numClasses; actual++) {
      long support = 0;
      for (int predicted = 0; predicted < numClasses; predicted++) {
        matrix[actual][predicted] = confusion.getCount(actual, predicted);
        support += matrix[actual][predicted];
      }
      classes.add(new ClassMetrics(actual, evaluation.precision(actual), evaluation.recall(actual),
          evaluation.f1(actual), support));
    }
    // not DL4J's f1(EvaluationAveraging.Macro), which leaves out the classes never predicted: a
    // model that predicts one class would score ten times its true macro F1 over ten classes
    double macroF1 = classes.stream().mapToDouble(ClassMetrics::f1).average().orElseThrow();
    return new EvaluationReport(evaluation.getNumRowCounter(), evaluation.accuracy(), loss, macroF1, classes, matrix);
  }

  /** The confusion matrix as CSV with a header row of predicted labels and a first column of true labels. */
  public String confusionMatrixCsv() {
    StringBuilder csv = new StringBuilder();
    StringJoiner header = new StringJoiner(",", "", "\n").add("true\\predicted");
    for (int predicted = 0; predicted < confusionMatrix.length; predicted++) {
      header.add(Integer.toString(predicted));
    }
    csv.append(header);
    for (int actual = 0; actual < confusionMatrix.length; actual++) {
      StringJoiner line = new StringJoiner(",", "", "\n").add(Integer.toString(actual));
      for (long count : confusionMatrix[actual]) {
        line.add(Long.toString(count));
      }
      csv.append(line);
    }
    return csv.toString();
  }
}
