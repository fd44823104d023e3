package io.sparkdigits.jobs;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.augment.AugmentSpec;
import io.sparkdigits.core.idx.IdxSplitFiles;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.storage.WorkArea;
import io.sparkdigits.jobs.cli.AugmentOptions;
import io.sparkdigits.jobs.cli.ConfigOption;
import io.sparkdigits.jobs.cli.IngestOptions;
import io.sparkdigits.jobs.cli.NetworkOptions;
import io.sparkdigits.jobs.cli.PromotionOptions;
import io.sparkdigits.jobs.cli.RegistryOptions;
import io.sparkdigits.jobs.cli.RunOptions;
import io.sparkdigits.jobs.cli.StorageOptions;
import io.sparkdigits.jobs.cli.TrainingOptions;
import io.sparkdigits.jobs.cli.TrainingTableOptions;
import io.sparkdigits.spark.pipeline.RunLifecycle;
import io.sparkdigits.spark.pipeline.RunPlan;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The whole pipeline in one Spark application, a plan of every step: ingest, train, evaluate,
 * publish into the model's runs and promote by the registry's rules (a model's first run becomes
 * its champion when it reaches the floor); with {@code --augment K}, an augment step after ingest,
 * and training on the augmented dataset.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Ingest IDX files, optionally augment the training split, train the network with parameter "
        + "averaging, evaluate it on the test split and publish the model with its metrics into the model's runs, "
        + "where it becomes the champion when it reaches the floor (a first run) or beats the champion by the "
        + "margin, in one Spark application.")
public final class PipelineJob extends SparkJob {
  @Mixin ConfigOption config;
  @Mixin StorageOptions storage;
  @Mixin IngestOptions input;
  @Mixin RunOptions run;
  @Mixin RegistryOptions registry;
  @Mixin PromotionOptions promotion;
  @Mixin NetworkOptions network;
  @Mixin TrainingOptions training;
  @Mixin TrainingTableOptions trainingTable;

  @Option(names = "--augment", paramLabel = "K",
      description = "Augment the training split with K deformed copies of every image into the dataset NAME-augK, "
          + "and train on that; 0: no augment step (default: ${DEFAULT-VALUE}).")
  int augmentCopies;

  @Mixin AugmentOptions augment;

  private NetworkSpec networkSpec;
  private TrainingSpec trainingSpec;
  private List<IdxSplitFiles> sources;
  /** What the augment step makes; null without one. */
  private AugmentSpec augmentSpec;

  @Override
  void validate(Configuration conf) throws Exception {
    networkSpec = network.spec();
    trainingSpec = training.spec();
    if (trainingSpec.stopsEarly() && !input.validation().any()) {
      throw new UsageException("--early-stopping-patience needs a validation split: give --validation-fraction "
          + "above 0");
    }
    if (augmentCopies < 0) {
      throw new UsageException("--augment must be 0 (no augment step) or a number of copies, got " + augmentCopies);
    }
    augmentSpec = augmentCopies == 0 ? null : augment.spec(augmentCopies);
    sources = input.resolve(conf);
    input.requireFits(networkSpec, sources, conf);
    if (augmentSpec != null) {
      input.requireFits(augmentSpec.deformation(), sources, conf);
    }
    trainingTable.validate(conf);
    storage.requireWritable(conf);
  }

  @Override
  void run(SparkSession spark) throws Exception {
    String runId = run.runIdOrNew();
    WorkArea staging = startWriting(spark, storage, runId);
    RunLifecycle.Outcome outcome = run(spark, storage, runId, RunPlan.of(storage.dataset(), registry.model())
        .ingesting(input.step(sources))
        .augmenting(augmentSpec == null ? null
            : new RunPlan.Augment(AugmentJob.augmentedName(storage.dataset(), augmentCopies), augmentSpec))
        .training(new RunPlan.Train(null, networkSpec, trainingSpec, training.scoreTestEachEpoch())
            .on(trainingTable.table(spark)))
        .evaluating()
        .publishing()
        .promoting(new RunPlan.Promote(promotion.policy(), null)));
    staging.release(runId);
    Path published = storage.registry(registry.model(), spark.sparkContext().hadoopConfiguration()).runLayout()
        .run(runId);
    System.out.printf("Model:    %s/model.zip%nMetrics:  %s/metrics.json%nTest accuracy: %.2f%%%n",
        published, published, 100 * outcome.evaluation().report().accuracy());
  }
}
