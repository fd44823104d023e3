package io.sparkdigits.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A program of the test classpath in a JVM of its own, its output in a log file: for tests where
 * separate processes are the point (a run killed, processes racing on shared storage).
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * The options of a small JVM that runs no Spark: quick to start, a small heap, and the project's
   * logging ({@code conf/log4j2.properties}: to stderr, so into the log file).
   */
  public static List<String> withoutSpark() {
    return List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dlog4j2.configurationFile=" + ProjectConf.file("log4j2.properties").toAbsolutePath());
  }

  /** The JVM options of Java 17 that ND4J and Spark need, from conf/jvm.properties as every launcher reads them. */
  public static List<String> moduleOptions() {
    return List.of(ProjectConf.properties("jvm.properties").getProperty("java17.module.options").trim().split("\\s+"));
  }

  /** Starts {@code main} with {@code args}, the JVM given {@code jvmOptions}; stdout and stderr go to {@code log}. */
  public static Process start(Path log, List<String> jvmOptions, Class<?> main, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // one OpenMP thread per JVM, as the build gives the tests themselves: on few cores ND4J's default oversubscribes them
    builder.environment().put("OMP_NUM_THREADS", "1");
    return builder.start();
  }

  /** Waits until {@code process} has written {@code text} to {@code log}; false when it ended or {@code timeout} passed first. */
  public static boolean awaitOutput(Process process, Path log, String text, Duration timeout) throws Exception {
    Instant giveUp = Instant.now().plus(timeout);
    while (Instant.now().isBefore(giveUp)) {
      boolean ended = !process.isAlive();
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return true;
      }
      if (ended) {
        return false;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** Kills {@code process} as SIGKILL does, and waits until it is gone. */
  public static void kill(Process process) throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }
}
