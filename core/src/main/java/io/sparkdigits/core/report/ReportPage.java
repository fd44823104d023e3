package io.sparkdigits.core.report;

import io.sparkdigits.core.metrics.EarlyStoppingRecord;
import io.sparkdigits.core.metrics.EpochRecord;
import io.sparkdigits.core.metrics.EvaluationReport;
import io.sparkdigits.core.metrics.RunMetrics;

/** The report's {@code index.html}: self-contained, its pictures beside it. */
final class ReportPage {
  static final String STYLE = "body{font-family:sans-serif;margin:2em auto;max-width:1300px;color:#222}"
      + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 10px;text-align:right}"
      + "th{background:#f3f3f3}img{max-width:100%;border:1px solid #eee}.row{display:flex;flex-wrap:wrap;gap:1em}";

  private ReportPage() {}

  static String html(RunMetrics metrics, int misclassifiedShown) {
    EvaluationReport test = metrics.test();
    StringBuilder page = new StringBuilder()
        .append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>spark-digits run ")
        .append(escape(metrics.runId())).append("</title><style>").append(STYLE).append("</style></head><body>\n")
        .append("<h1>Run ").append(escape(metrics.runId())).append("</h1>\n<p>")
        .append(escape(metrics.network().toString())).append(", ")
        .append(metrics.training().epochs()).append(" epochs on ").append(metrics.workers())
        .append(" workers, batch ").append(metrics.training().batchSizePerWorker()).append(" per worker, dataset ")
        .append(escape(metrics.dataset())).append("; published ").append(escape(metrics.publishedAt()))
        .append(".</p>\n");

    page.append("<h2>Test split</h2>\n<table><tr><th>examples</th><th>accuracy</th><th>loss</th><th>macro F1</th></tr>")
        .append(String.format("<tr><td>%,d</td><td>%.2f%%</td><td>%.4f</td><td>%.4f</td></tr></table>%n",
            test.examples(), 100 * test.accuracy(), test.loss(), test.macroF1()));

    boolean validated = metrics.epochs().stream().anyMatch(EpochRecord::validated);
    boolean tested = metrics.epochs().stream().anyMatch(EpochRecord::tested);
    String curves = "train" + (validated ? ", validation" : "") + (tested ? ", test" : "");
    page.append("<h2>Learning curves</h2>\n<div class=\"row\">")
        .append(image(RunReport.ACCURACY, "accuracy per epoch, " + curves))
        .append(image(RunReport.LOSS, "loss per epoch, " + curves)).append("</div>\n")
        .append("<table><tr><th>epoch</th><th>seconds</th><th>train loss</th><th>train accuracy</th>")
        .append(validated ? "<th>validation loss</th><th>validation accuracy</th>" : "")
        .append(tested ? "<th>test loss</th><th>test accuracy</th>" : "").append("</tr>\n");
    for (EpochRecord epoch : metrics.epochs()) {
      page.append(String.format("<tr><td>%d</td><td>%.1f</td>%s", epoch.epoch(), epoch.seconds(),
              cells(epoch.trainLoss(), epoch.trainAccuracy())))
          .append(validated ? cells(epoch.validationLoss(), epoch.validationAccuracy()) : "")
          .append(tested ? cells(epoch.testLoss(), epoch.testAccuracy()) : "").append("</tr>\n");
    }
    page.append("</table>\n");
    if (metrics.earlyStopping() != null) {
      EarlyStoppingRecord stopping = metrics.earlyStopping();
      page.append(String.format("<p>Early stopping (patience %d): the model is epoch %d's, of lowest validation loss "
          + "%.4f; %s.</p>%n", stopping.patience(), stopping.bestEpoch(), stopping.bestValidationLoss(),
          stopping.stoppedEarly() ? "training stopped after epoch " + stopping.lastEpoch()
              : "training ran its " + stopping.lastEpoch() + " epochs"));
    }

    page.append("<h2>Confusion matrix and per-class scores</h2>\n<div class=\"row\">")
        .append(image(RunReport.CONFUSION_MATRIX, "confusion matrix of the test split"))
        .append("<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>\n");
    for (EvaluationReport.ClassMetrics c : test.classes()) {
      page.append(String.format("<tr><td>%d</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%,d</td></tr>%n",
          c.label(), c.precision(), c.recall(), c.f1(), c.support()));
    }
    page.append("</table></div>\n");

    page.append("<h2>Misclassified test digits</h2>\n");
    long wrong = wrong(test.confusionMatrix());
    if (wrong == 0) {
      page.append(String.format("<p>The model gets every one of the %,d test images right: there is no misclassified "
          + "digit to show.</p>%n", test.examples()));
    } else if (misclassifiedShown == 0) {
      page.append(String.format("<p>The model gets %,d test images wrong; the evaluation recorded none of them.</p>%n",
          wrong));
    } else {
      page.append("<p>").append(misclassifiedShown == wrong ? "The " + misclassifiedShown
              : String.format("The first %d of the %,d", misclassifiedShown, wrong))
          .append(wrong == 1 ? " test image" : " test images").append(" the model gets wrong, in the split's order.</p>\n")
          .append(image(RunReport.MISCLASSIFIED, "misclassified test digits with their true and predicted labels"));
    }
    page.append("\n</body></html>\n");
    return page.toString();
  }

  /** A loss and an accuracy as two cells of the per-epoch table; empty cells for a split not scored that epoch. */
  private static String cells(Double loss, Double accuracy) {
    return loss == null ? "<td></td><td></td>" : String.format("<td>%.4f</td><td>%.2f%%</td>", loss, 100 * accuracy);
  }

  /** The examples off the confusion matrix's diagonal. */
  private static long wrong(long[][] confusionMatrix) {
    long wrong = 0;
    for (int actual = 0; actual < confusionMatrix.length; actual++) {
      for (int predicted = 0; predicted < confusionMatrix[actual].length; predicted++) {
        wrong += actual == predicted ? 0 : confusionMatrix[actual][predicted];
      }
    }
    return wrong;
  }

  static String image(String file, String description) {
    return "<img src=\"" + file + "\" alt=\"" + escape(description) + "\">";
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
