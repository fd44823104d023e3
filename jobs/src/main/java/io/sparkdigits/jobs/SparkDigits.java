package io.sparkdigits.jobs;

import io.sparkdigits.jobs.cli.JobRunner;
import org.apache.spark.SparkUserAppException;
import picocli.CommandLine.Command;

/**
 * The command line of every job, {@code spark-digits JOB [OPTIONS...]}, and the one place the jobs
 * are listed: the submit wrappers name this class and pass the job first, and {@code --help}, the
 * configuration file's keys and the error for an unknown job all take the jobs from here.
 */
@Command(name = "spark-digits", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "JOB",
    commandListHeading = "%nJobs (each has --help):%n",
    description = "Train, evaluate, publish and keep handwritten-digit networks on Spark.",
    subcommands = {PipelineJob.class, IngestJob.class, AugmentJob.class, TrainJob.class, EvaluateJob.class,
        PublishJob.class, PredictJob.class, RetrainJob.class, SweepJob.class, ModelsJob.class})
public final class SparkDigits {
  public static void main(String[] args) throws SparkUserAppException {
    int status = JobRunner.run(new SparkDigits(), args);
    // In YARN's cluster mode this runs inside Spark's ApplicationMaster, which marks the
    // application it hosts (the spark.yarn.app.id it sets) as failed when main calls System.exit,
    // whatever the status: there the status goes back as the exception Spark's own runners throw
    // for it, which the ApplicationMaster exits with and reports to YARN.
    if (System.getProperty("spark.yarn.app.id") == null) {
      System.exit(status);
    } else if (status != 0) {
      throw new SparkUserAppException(status);
    }
  }
}
