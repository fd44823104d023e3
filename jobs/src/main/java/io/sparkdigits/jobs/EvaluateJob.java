package io.sparkdigits.jobs;

import io.sparkdigits.core.metrics.EvaluationRecord;
import io.sparkdigits.core.metrics.EvaluationReport;
import io.sparkdigits.spark.pipeline.EvaluateStage;
import io.sparkdigits.jobs.cli.ConfigOption;
import io.sparkdigits.jobs.cli.NameOption;
import io.sparkdigits.jobs.cli.StorageOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Evaluate: scores a trained run's model on the dataset's test split. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Score a trained run's model on the test split: accuracy, loss, per-class precision, "
        + "recall and F1, confusion matrix.")
public final class EvaluateJob extends SparkJob {
  @Mixin ConfigOption config;
  @Mixin StorageOptions storage;

  @Option(names = "--run-id", paramLabel = "ID", required = true, converter = NameOption.class,
      description = "Id of the trained run.")
  String runId;

  @Override
  void validate(Configuration conf) throws Exception {
    storage.requireWritable(conf);
  }

  @Override
  void run(SparkSession spark) throws Exception {
    run(spark, storage, runId);
  }

  static EvaluationRecord run(SparkSession spark, StorageOptions storage, String runId) throws Exception {
    EvaluateStage stage = new EvaluateStage(spark, storage.layout(spark.sparkContext().hadoopConfiguration()));
    EvaluationRecord record = stage.run(runId, storage.dataset());
    EvaluationReport report = record.report();
    System.out.printf("Test split: %d examples, accuracy %.2f%%, loss %.4f, macro F1 %.4f%n", report.examples(),
        100 * report.accuracy(), report.loss(), report.macroF1());
    System.out.println("class precision recall     f1  support");
    for (EvaluationReport.ClassMetrics c : report.classes()) {
      System.out.printf("%5d %9.4f %6.4f %6.4f %8d%n", c.label(), c.precision(), c.recall(), c.f1(), c.support());
    }
    return record;
  }
}
