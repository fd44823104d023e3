package io.sparkdigits.jobs;

import io.sparkdigits.jobs.cli.ConfigOption;
import io.sparkdigits.jobs.cli.NameOption;
import io.sparkdigits.jobs.cli.PromotionOptions;
import io.sparkdigits.jobs.cli.RegistryOptions;
import io.sparkdigits.jobs.cli.StorageOptions;
import io.sparkdigits.spark.pipeline.RunPlan;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Publish: moves a trained and evaluated run, with its metrics, into its model's runs, and makes it
 * the champion when it wins by the registry's rules: the first run of a model when it reaches the
 * floor, a later one when it beats the champion by the margin on the same test split. On a store
 * where a promotion cannot be a compare-and-swap (S3) the run is published and not promoted.
 */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Publish a trained and evaluated run into its model's runs: model, metrics.json and confusion "
        + "matrix, atomically; it becomes the champion when it reaches the floor (the model's first run) or beats "
        + "the champion by the margin.")
public final class PublishJob extends SparkJob {
  @Mixin ConfigOption config;
  @Mixin StorageOptions storage;
  @Mixin RegistryOptions registry;
  @Mixin PromotionOptions promotion;

  @Option(names = "--run-id", paramLabel = "ID", required = true, converter = NameOption.class,
      description = "Id of the evaluated run.")
  String runId;

  @Override
  void validate(Configuration conf) throws Exception {
    storage.requireWritable(conf);
  }

  @Override
  void run(SparkSession spark) throws Exception {
    run(spark, storage, runId, RunPlan.of(storage.dataset(), registry.model())
        .publishing()
        .promoting(new RunPlan.Promote(promotion.policy(), null)));
  }
}
