package io.sparkdigits.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;

/** Macro F1 is the mean over every class, the classes a model never predicts included. */
class EvaluationReportTest {
  private static final int CLASSES = 10;

  @Test
  void aModelThatPredictsOneClassScoresTheMeanOfAllTenF1s() {
    Evaluation evaluation = new Evaluation(CLASSES);
    for (int actual = 0; actual < CLASSES; actual++) {
      for (int i = 0; i < 100; i++) {
        evaluation.eval(0, actual);
      }
    }

    EvaluationReport report = EvaluationReport.of(evaluation, CLASSES, 2.3);

    // class 0: precision 100/1000, recall 1, F1 2/11; every other class 0
    assertThat(report.classes().get(0).f1()).isCloseTo(2.0 / 11, within(1e-12));
    assertThat(report.classes().subList(1, CLASSES)).allSatisfy(c -> assertThat(c.f1()).isZero());
    assertThat(report.macroF1()).isCloseTo(2.0 / 11 / CLASSES, within(1e-12));
  }

  @Test
  void aClassWithNeitherExamplesNorPredictionsCountsAsZero() {
    Evaluation evaluation = new Evaluation(CLASSES);
    for (int label = 0; label < CLASSES - 1; label++) {
      evaluation.eval(label, label);
    }

    EvaluationReport report = EvaluationReport.of(evaluation, CLASSES, 0.1);

    assertThat(report.classes().get(CLASSES - 1).support()).isZero();
    assertThat(report.classes().get(CLASSES - 1).f1()).isZero();
    // scikit-learn: f1_score(y, y, labels=range(10), average="macro", zero_division=0) == 0.9
    assertThat(report.macroF1()).isCloseTo(0.9, within(1e-12));
  }
}
