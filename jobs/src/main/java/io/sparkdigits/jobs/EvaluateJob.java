package io.sparkdigits.jobs;

import io.sparkdigits.jobs.cli.ConfigOption;
import io.sparkdigits.jobs.cli.NameOption;
import io.sparkdigits.jobs.cli.StorageOptions;
import io.sparkdigits.spark.pipeline.RunPlan;
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
    run(spark, storage, runId, RunPlan.of(storage.dataset(), null).evaluating());
  }
}
