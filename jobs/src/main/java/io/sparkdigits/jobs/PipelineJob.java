package io.sparkdigits.jobs;

import io.sparkdigits.common.idx.IdxSplitFiles;
import io.sparkdigits.common.metrics.EvaluationRecord;
import io.sparkdigits.common.model.NetworkSpec;
import io.sparkdigits.common.model.TrainingSpec;
import io.sparkdigits.common.storage.WorkArea;
import io.sparkdigits.jobs.cli.ConfigOption;
import io.sparkdigits.jobs.cli.IngestOptions;
import io.sparkdigits.jobs.cli.JobRunner;
import io.sparkdigits.jobs.cli.NetworkOptions;
import io.sparkdigits.jobs.cli.RunOptions;
import io.sparkdigits.jobs.cli.StorageOptions;
import io.sparkdigits.jobs.cli.TrainingOptions;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The whole pipeline in one Spark application: ingest, train, evaluate, publish. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Ingest IDX files, train the network with parameter averaging, evaluate it on the test split "
        + "and publish the model with its metrics, in one Spark application.")
public final class PipelineJob extends SparkJob {
  @Mixin ConfigOption config;
  @Mixin StorageOptions storage;
  @Mixin IngestOptions input;
  @Mixin RunOptions run;
  @Mixin NetworkOptions network;
  @Mixin TrainingOptions training;

  public static void main(String[] args) {
    System.exit(JobRunner.run(new PipelineJob(), args));
  }

  private NetworkSpec networkSpec;
  private TrainingSpec trainingSpec;
  private List<IdxSplitFiles> sources;

  @Override
  void validate(Configuration conf) throws Exception {
    networkSpec = network.spec();
    trainingSpec = training.spec();
    sources = input.resolve(conf);
    input.requireFits(networkSpec, sources, conf);
    storage.requireWritable(conf);
  }

  @Override
  void run(SparkSession spark) throws Exception {
    String runId = run.runIdOrNew();
    WorkArea staging = startWriting(spark, storage, runId);
    long start = System.nanoTime();
    IngestJob.run(spark, storage, input.numClasses(), sources);
    double ingestSeconds = (System.nanoTime() - start) / 1e9;
    TrainJob.run(spark, storage, runId, networkSpec, trainingSpec);
    EvaluationRecord evaluation = EvaluateJob.run(spark, storage, runId);
    Path published = PublishJob.run(spark, storage, runId, Map.of("ingest", ingestSeconds));
    staging.release(runId);
    System.out.printf("Model:    %s/model.zip%nMetrics:  %s/metrics.json%nTest accuracy: %.2f%%%n",
        published, published, 100 * evaluation.report().accuracy());
  }
}
