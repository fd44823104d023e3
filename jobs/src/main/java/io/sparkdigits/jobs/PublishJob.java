package io.sparkdigits.jobs;

import io.sparkdigits.spark.dataset.DigitsDataset;
import io.sparkdigits.core.metrics.RunMetrics;
import io.sparkdigits.spark.pipeline.PromoteStage;
import io.sparkdigits.spark.pipeline.PublishStage;
import io.sparkdigits.core.registry.Decision;
import io.sparkdigits.core.registry.Fingerprints;
import io.sparkdigits.core.registry.ModelRegistry;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.jobs.cli.ConfigOption;
import io.sparkdigits.jobs.cli.NameOption;
import io.sparkdigits.jobs.cli.PromotionOptions;
import io.sparkdigits.jobs.cli.RegistryOptions;
import io.sparkdigits.jobs.cli.StorageOptions;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
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
    run(spark, storage, registry.model(), promotion, runId, Map.of());
  }

  /**
   * Publishes staged run {@code runId} into model {@code model} and decides whether it
   * becomes the champion: the same promotion that retraining takes ({@link PromoteStage}).
   */
  static Path run(SparkSession spark, StorageOptions storage, String model, PromotionOptions promotion,
      String runId, Map<String, Double> earlierStages) throws Exception {
    StorageLayout layout = storage.layout(spark.sparkContext().hadoopConfiguration());
    ModelRegistry registry = storage.registry(model, spark.sparkContext().hadoopConfiguration());
    RunMetrics metrics = new PublishStage(spark, layout).run(runId, registry, earlierStages);
    Path published = registry.runLayout().run(runId);
    System.out.println("Published run: " + published);
    if (!registry.promotable()) {
      System.out.printf("Not promoted: %s has no atomic exclusive create, so no champion can be promoted there "
          + "safely; serve this run with --run %s%n", layout.root(), runId);
      return published;
    }
    // the champion is scored on the split this run was evaluated on, whatever was ingested since
    DigitsDataset dataset = DigitsDataset.open(spark, layout, metrics.dataset(), metrics.data().version());
    Decision decision = new PromoteStage(spark).run(registry, runId, metrics.test().accuracy(), dataset,
        promotion.policy(), Fingerprints.of(dataset.manifest().contentFingerprint(), metrics.dataset(),
            metrics.network(), metrics.training()));
    System.out.printf("%s: run %s of model %s: %s%n", decision.outcome(), runId, model, decision.reason());
    return published;
  }
}
