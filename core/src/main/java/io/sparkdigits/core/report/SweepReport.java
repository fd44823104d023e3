package io.sparkdigits.core.report;

import io.sparkdigits.core.registry.Decision;
import io.sparkdigits.core.registry.SweepRecord;
import io.sparkdigits.core.storage.HadoopFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A sweep's report: the ranking as a markdown table ({@value #TABLE}, also what the job prints),
 * {@code index.html} with the same table, how the candidates ran and the registry's decision, and
 * a chart of every candidate's validation and test accuracy against its training time.
 */
public final class SweepReport {
  public static final String RECORD = "sweep.json";
  public static final String TABLE = "ranking.md";
  public static final String INDEX = "index.html";
  static final String CHART = "accuracy-vs-time.png";

  private SweepReport() {}

  public static void write(FileSystem fs, Path directory, SweepRecord record) throws IOException {
    RunReport.chart(fs, new Path(directory, CHART), ReportCharts.accuracyAgainstTime(record.ranking()), 800, 500);
    String table = table(record);
    HadoopFiles.writeAtomically(fs, new Path(directory, TABLE), out -> out.write(table.getBytes(StandardCharsets.UTF_8)));
    String page = html(record);
    HadoopFiles.writeAtomically(fs, new Path(directory, INDEX), out -> out.write(page.getBytes(StandardCharsets.UTF_8)));
  }

  /** The ranking, best first, as a markdown table. */
  public static String table(SweepRecord record) {
    StringBuilder table = new StringBuilder("| rank | candidate | validation accuracy | test accuracy | test macro F1 "
        + "| training time | parameters | epochs (model's) | run | options |\n"
        + "|---:|---|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (SweepRecord.Candidate c : record.ranking()) {
      table.append(String.format("| %d | %s | %.2f%% | %.2f%% | %.4f | %.1f s | %,d | %d (%d) | %s | `%s` |%n",
          c.rank(), c.name(), 100 * c.validationAccuracy(), 100 * c.testAccuracy(), c.testMacroF1(),
          c.trainingSeconds(), c.parameters(), c.epochs(), c.modelEpoch(), c.runId(), c.options()));
    }
    if (!record.failures().isEmpty()) {
      table.append(String.format("%nFailed, not ranked:%n%n| candidate | error | options |%n|---|---|---|%n"));
      for (SweepRecord.Failure f : record.failures()) {
        table.append(String.format("| %s | %s | `%s` |%n", f.name(), f.error().replace('|', '/').replace('\n', ' '),
            f.options()));
      }
    }
    return table.toString();
  }

  private static String html(SweepRecord record) {
    Decision decision = record.decision();
    StringBuilder page = new StringBuilder()
        .append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>spark-digits sweep ")
        .append(ReportPage.escape(record.sweepId())).append("</title><style>").append(ReportPage.STYLE)
        .append("td:nth-child(2),td:last-child{text-align:left}</style></head><body>\n<h1>Sweep ")
        .append(ReportPage.escape(record.sweepId())).append("</h1>\n")
        .append(String.format("<p>%d candidates of model %s on version %s of dataset %s, in %.0f s, ranked by "
                + "validation accuracy (the test split does not choose).</p>%n", record.ranking().size(),
            ReportPage.escape(record.model()), ReportPage.escape(record.datasetVersion()),
            ReportPage.escape(record.dataset()), record.seconds()))
        .append("<table><tr><th>rank</th><th>candidate</th><th>validation accuracy</th><th>test accuracy</th>")
        .append("<th>test macro F1</th><th>training time</th><th>parameters</th><th>epochs (model's)</th><th>run</th>")
        .append("<th>options</th></tr>\n");
    for (SweepRecord.Candidate c : record.ranking()) {
      page.append(String.format("<tr><td>%d</td><td>%s</td><td>%.2f%%</td><td>%.2f%%</td><td>%.4f</td><td>%.1f s</td>"
              + "<td>%,d</td><td>%d (%d)</td><td>%s</td><td><code>%s</code></td></tr>%n", c.rank(),
          ReportPage.escape(c.name()), 100 * c.validationAccuracy(), 100 * c.testAccuracy(), c.testMacroF1(),
          c.trainingSeconds(), c.parameters(), c.epochs(), c.modelEpoch(), ReportPage.escape(c.runId()),
          ReportPage.escape(c.options())));
    }
    page.append("</table>\n");
    if (!record.failures().isEmpty()) {
      page.append("<h2>Failed, not ranked</h2>\n<table><tr><th>candidate</th><th>error</th><th>options</th></tr>\n");
      for (SweepRecord.Failure f : record.failures()) {
        page.append(String.format("<tr><td>%s</td><td>%s</td><td><code>%s</code></td></tr>%n",
            ReportPage.escape(f.name()), ReportPage.escape(f.error()), ReportPage.escape(f.options())));
      }
      page.append("</table>\n");
    }
    page.append(ReportPage.image(CHART, "validation and test accuracy of every candidate against its training time"))
        .append("\n<h2>How the candidates ran</h2>\n<p>").append(ReportPage.escape(record.mode())).append(": ")
        .append(ReportPage.escape(record.modeReason())).append("</p>\n<h2>The registry's decision</h2>\n<p>")
        .append(ReportPage.escape(decision.outcome() + ": run " + decision.runId() + " (" + record.winner().name()
            + "): " + decision.reason())).append("</p>\n</body></html>\n");
    return page.toString();
  }
}
