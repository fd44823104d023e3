package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.core.idx.IdxFormatException;
import io.sparkdigits.spark.testing.SparkTestBase;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What the runner makes of a failure, wherever it was thrown: a bad input file that the project
 * recognised is one line naming it, even from an executor; a library's IllegalArgumentException is
 * a bug, not the user's mistake, and comes with its stack trace.
 */
class ExitStatusTest extends SparkTestBase {
  private static final String DAMAGED = "file:/data/train-images-idx3-ubyte";

  /** What an executor throws while reading, as ingest's tasks would. */
  enum Failure {
    BAD_FILE, LIBRARY_BUG
  }

  /** A job that fails on its executors: it starts and stops Spark as every job does ({@link SparkJob}). */
  @Command(name = "read")
  static final class ReadOnExecutors extends SparkJob {
    @Option(names = "--failure") Failure failure;

    @Override
    void run(SparkSession spark) {
      Failure thrown = failure;
      JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(1, 2), 2).foreach(item -> {
        if (thrown == Failure.BAD_FILE) {
          throw new IdxFormatException(DAMAGED, "truncated: the data ends in item " + item);
        }
        new Path("");
      });
    }
  }

  @Command(name = "parse")
  static final class ParseOnDriver implements Callable<Integer> {
    @Override
    public Integer call() {
      new Path("");
      return 0;
    }
  }

  @Test
  void badInputFileFoundOnAnExecutorIsOneLineNamingIt() {
    JobOutput result = JobOutput.run(new ReadOnExecutors(), "--failure", "bad_file");
    assertThat(result.exitCode()).as("exit status; stderr: %s", result.err()).isEqualTo(1);
    assertThat(result.err().strip()).as("one line").doesNotContain("\n")
        .startsWith("read: " + DAMAGED + ": truncated: the data ends in item");
  }

  @Test
  void libraryIllegalArgumentOnAnExecutorIsABugWithItsStackTrace() {
    JobOutput result = JobOutput.run(new ReadOnExecutors(), "--failure", "library_bug");
    assertThat(result.exitCode()).as("exit status; stderr: %s", result.err()).isEqualTo(1);
    assertThat(result.err()).as("the failure in full").startsWith("read: failed: ")
        .contains("java.lang.IllegalArgumentException: Can not create a Path from an empty string")
        .contains("\tat org.apache.hadoop.fs.Path");
  }

  @Test
  void libraryIllegalArgumentOnTheDriverIsABugWithItsStackTrace() {
    JobOutput result = JobOutput.run(new ParseOnDriver());
    assertThat(result.exitCode()).as("exit status; stderr: %s", result.err()).isEqualTo(1);
    assertThat(result.err()).as("the failure in full")
        .startsWith("parse: failed: java.lang.IllegalArgumentException: Can not create a Path from an empty string")
        .contains("\tat org.apache.hadoop.fs.Path");
  }
}
