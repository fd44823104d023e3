package io.sparkdigits.jobs;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.storage.ProcessOwner;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.core.storage.WorkArea;
import io.sparkdigits.jobs.cli.HadoopConf;
import io.sparkdigits.jobs.cli.JobRunner;
import io.sparkdigits.jobs.cli.StorageOptions;
import io.sparkdigits.spark.pipeline.RunLifecycle;
import io.sparkdigits.spark.pipeline.RunPlan;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every job does around its own work: check the options that only make sense together,
 * then start Spark (the master comes from spark-submit), run, and stop Spark however it ends.
 */
abstract class SparkJob implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** What the job exits with when it ends normally: 0, unless its outcome is for a scheduler to act on. */
  int exitStatus;

  /**
   * Checks that need no Spark, so that a mistake fails fast, with {@code conf} as the job's
   * session will have it: everything that can be known before Spark starts, from the options, the
   * input files' headers and the storage root. Throws {@link UsageException}.
   */
  void validate(Configuration conf) throws Exception {}

  /** Settings of the job's own that its Spark application needs before it starts; none by default. */
  void configure(SparkSession.Builder builder) {}

  abstract void run(SparkSession spark) throws Exception;

  /**
   * How a job that writes under the storage root starts: it claims the staged run {@code runId}
   * (null: it stages none) for this process, then removes what runs that died left there. The claim
   * comes first, so that the run of this id, which this job continues, is not taken for a leftover.
   * Returns the root's staged runs, where the job releases its claim when it ends well.
   */
  static WorkArea startWriting(SparkSession spark, StorageOptions storage, String runId) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    StorageLayout layout = storage.layout(conf);
    WorkArea staging = WorkArea.staging(layout.fileSystem(conf), layout);
    if (runId != null) {
      staging.claim(runId, ProcessOwner.current(runId));
    }
    WorkArea.removeAbandonedUnder(layout.fileSystem(conf), layout);
    return staging;
  }

  /** Runs {@code plan} on run {@code runId} (null: the plan has none) in the storage root, telling the user. */
  static RunLifecycle.Outcome run(SparkSession spark, StorageOptions storage, String runId, RunPlan plan)
      throws IOException {
    StorageLayout layout = storage.layout(spark.sparkContext().hadoopConfiguration());
    return new RunLifecycle(spark, layout, new ConsoleSummary(plan.model())).run(runId, plan);
  }

  @Override
  public final Integer call() throws Exception {
    Configuration conf = HadoopConf.beforeSpark();
    JobRunner.validated(spec, () -> validate(conf));
    SparkSession.Builder builder = SparkSession.builder().appName("spark-digits " + spec.name());
    configure(builder);
    try (SparkSession spark = builder.getOrCreate()) {
      run(spark);
    } finally {
      // a stopped session stays the thread's active one: forget it, for whoever runs next in this JVM
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
    return exitStatus;
  }
}
