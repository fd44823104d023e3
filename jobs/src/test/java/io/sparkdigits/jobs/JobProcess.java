package io.sparkdigits.jobs;

import io.sparkdigits.core.testing.ChildJvm;
import io.sparkdigits.core.testing.ProjectConf;
import io.sparkdigits.spark.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * A job's entry point in a JVM of its own, in Spark local mode, as a scheduler starts it: for tests
 * of what happens between processes (sharing a storage root, being killed with SIGKILL). It logs as
 * in production, to a file, so that a test can wait for its progress lines.
 */
final class JobProcess {
  static final Duration TIMEOUT = Duration.ofMinutes(3);

  private JobProcess() {}

  /** Starts {@code spark-digits JOB ARGS}, JOB the name of {@code job}, its output and log going to {@code log}. */
  static Process start(Class<?> job, Path log, List<String> args) throws IOException {
    return start(job, log, List.of("-Xmx2g"), args);
  }

  /** As {@link #start(Class, Path, List)}, the JVM's memory set by {@code memoryOptions}. */
  static Process start(Class<?> job, Path log, List<String> memoryOptions, List<String> args) throws IOException {
    List<String> jvmOptions = new ArrayList<>(ChildJvm.moduleOptions());
    jvmOptions.addAll(SparkTestBase.jvmOptions());
    // The production logging, so that the progress lines the test waits for are written.
    jvmOptions.add("-Dlog4j2.configurationFile=" + ProjectConf.file("log4j2.properties").toAbsolutePath());
    jvmOptions.addAll(memoryOptions);
    List<String> commandLine = new ArrayList<>(List.of(job.getAnnotation(Command.class).name()));
    commandLine.addAll(args);
    return ChildJvm.start(log, jvmOptions, SparkDigits.class, commandLine);
  }

  /** Waits until the process has logged {@code text}; false when it ended first. */
  static boolean waitFor(Process process, Path log, String text) throws Exception {
    return ChildJvm.awaitOutput(process, log, text, TIMEOUT);
  }

  /** Kills the process with SIGKILL, as the kernel's OOM killer or {@code kill -9} would, and waits for its end. */
  static void kill(Process process) throws InterruptedException {
    ChildJvm.kill(process);
  }
}
