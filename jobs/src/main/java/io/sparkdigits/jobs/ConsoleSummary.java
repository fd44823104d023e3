package io.sparkdigits.jobs;

import io.sparkdigits.core.metrics.EvaluationRecord;
import io.sparkdigits.core.metrics.EvaluationReport;
import io.sparkdigits.core.metrics.RunMetrics;
import io.sparkdigits.core.metrics.TrainingRecord;
import io.sparkdigits.core.registry.Decision;
import io.sparkdigits.core.report.AugmentationReport;
import io.sparkdigits.spark.dataset.DatasetWriter;
import io.sparkdigits.spark.pipeline.RunLifecycle;
import org.apache.hadoop.fs.Path;

/** What the jobs print of every step of a run as it ends, the same whichever job ran it. */
final class ConsoleSummary implements RunLifecycle.Listener {
  private final String model;

  /** For the steps of a run of model {@code model}. */
  ConsoleSummary(String model) {
    this.model = model;
  }

  @Override
  public void ingested(DatasetWriter.Result result) {
    result.manifest().splits().forEach(split -> System.out.printf("%-10s %,7d images of %dx%d%n",
        split.split(), split.count(), split.rows(), split.columns()));
    if (result.unchanged()) {
      System.out.println("The dataset already held this content: nothing was rewritten.");
    }
  }

  @Override
  public void augmented(String into, DatasetWriter.Result result) {
    result.manifest().splits().forEach(split -> System.out.printf("%-5s %,9d images of %dx%d%n",
        split.split(), split.count(), split.rows(), split.columns()));
    if (result.unchanged()) {
      System.out.println("The dataset already held this augmentation: nothing was rewritten.");
    }
    System.out.println("Dataset: " + result.dataset() + " (" + into + ", version " + result.version() + ")");
    System.out.println("Report:  " + new Path(new Path(result.dataset(), AugmentationReport.DIRECTORY),
        AugmentationReport.INDEX));
  }

  @Override
  public void trained(TrainingRecord record) {
    System.out.printf("Trained %s for %d epochs on %d workers in %.1f s%n", record.network(), record.epochs().size(),
        record.workers(), record.seconds());
    if (record.earlyStopping() != null) {
      System.out.printf("Early stopping: the model is epoch %d's, of lowest validation loss %.4f%s%n",
          record.earlyStopping().bestEpoch(), record.earlyStopping().bestValidationLoss(),
          record.earlyStopping().stoppedEarly() ? " (stopped after epoch " + record.earlyStopping().lastEpoch() + ")"
              : "");
    }
  }

  @Override
  public void evaluated(EvaluationRecord record) {
    EvaluationReport report = record.report();
    System.out.printf("Test split: %d examples, accuracy %.2f%%, loss %.4f, macro F1 %.4f%n", report.examples(),
        100 * report.accuracy(), report.loss(), report.macroF1());
    System.out.println("class precision recall     f1  support");
    for (EvaluationReport.ClassMetrics c : report.classes()) {
      System.out.printf("%5d %9.4f %6.4f %6.4f %8d%n", c.label(), c.precision(), c.recall(), c.f1(), c.support());
    }
  }

  @Override
  public void published(Path run, RunMetrics metrics) {
    System.out.println("Published run: " + run);
  }

  @Override
  public void notPromotable(Path root, String runId) {
    System.out.printf("Not promoted: %s has no atomic exclusive create, so no champion can be promoted there "
        + "safely; serve this run with --run %s%n", root, runId);
  }

  @Override
  public void decided(Decision decision) {
    System.out.printf("%s: run %s of model %s: %s%n", decision.outcome(), decision.runId(), model, decision.reason());
  }
}
