package io.sparkdigits.jobs;

import io.sparkdigits.jobs.cli.JobRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What a job printed and returned when run from its command line. */
record JobOutput(int exitCode, String out, String err) {
  /** What {@code spark-digits ARGS} printed and returned, as the submit wrappers run it. */
  static JobOutput sparkDigits(String... args) {
    return run(new SparkDigits(), args);
  }

  /** What {@code command}, a picocli command, printed and returned when run with {@code args}. */
  static JobOutput run(Object command, String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exitCode = JobRunner.run(command, args);
      return new JobOutput(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }
}
