package io.sparkdigits.jobs;

import io.sparkdigits.jobs.cli.JobRunner;
import java.util.concurrent.Callable;
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

  /** Checks that need no Spark, so that a mistake fails fast; throws {@link IllegalArgumentException}. */
  void validate() throws Exception {}

  abstract void run(SparkSession spark) throws Exception;

  @Override
  public final Integer call() throws Exception {
    JobRunner.validated(spec, this::validate);
    try (SparkSession spark = SparkSession.builder().appName("spark-digits " + spec.name()).getOrCreate()) {
      run(spark);
    } finally {
      // a stopped session stays the thread's active one: forget it, for whoever runs next in this JVM
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
    return exitStatus;
  }
}
