package io.sparkdigits.jobs;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.storage.WorkArea;
import io.sparkdigits.jobs.cli.ConfigOption;
import io.sparkdigits.jobs.cli.NetworkOptions;
import io.sparkdigits.jobs.cli.RunOptions;
import io.sparkdigits.jobs.cli.StorageOptions;
import io.sparkdigits.jobs.cli.TrainingOptions;
import io.sparkdigits.jobs.cli.TrainingTableOptions;
import io.sparkdigits.spark.pipeline.RunPlan;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Train: fits the network on the dataset's training split with parameter averaging across executors. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train the network on an ingested dataset (or a table, --table, --parquet) with DL4J parameter "
        + "averaging; the model goes to the run's staging directory.")
public final class TrainJob extends SparkJob {
  @Mixin ConfigOption config;
  @Mixin StorageOptions storage;
  @Mixin RunOptions run;
  @Mixin NetworkOptions network;
  @Mixin TrainingOptions training;
  @Mixin TrainingTableOptions trainingTable;

  private NetworkSpec networkSpec;
  private TrainingSpec trainingSpec;

  @Override
  void validate(Configuration conf) throws Exception {
    networkSpec = network.spec();
    trainingSpec = training.spec();
    storage.requireDatasetFor(networkSpec, conf);
    if (trainingSpec.stopsEarly() && !storage.manifest(conf).hasValidationSplit()) {
      throw new UsageException("--early-stopping-patience needs a validation split, and dataset '"
          + storage.dataset() + "' has none: ingest it again with --validation-fraction above 0");
    }
    trainingTable.validate(conf);
    storage.requireWritable(conf);
  }

  @Override
  void run(SparkSession spark) throws Exception {
    String runId = run.runIdOrNew();
    WorkArea staging = startWriting(spark, storage, runId);
    run(spark, storage, runId, RunPlan.of(storage.dataset(), null)
        .training(new RunPlan.Train(null, networkSpec, trainingSpec, training.scoreTestEachEpoch())
            .on(trainingTable.table(spark))));
    // trained, the run waits at rest for its evaluate and publish jobs
    staging.release(runId);
    System.out.println("Run id: " + runId);
  }
}
