package io.sparkdigits.spark.testing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Spark of every test: local mode with two cores and the project's Spark defaults
 * (conf/spark-defaults.conf), no UI and two shuffle partitions. While a test class runs, the
 * settings are system properties, so that every session started in this JVM has them: the class's
 * own ({@link #spark()}) and one that a job run from its command line builds for itself, with no
 * master, as under spark-submit; {@link #jvmOptions()} passes them to a job in a JVM of its own.
 *
 * <p>A JVM holds one Spark context at a time. The tests of a class share one session, started at
 * its first use and stopped after the class. A job run in this JVM stops the session it ran in,
 * as it does under spark-submit, and starts its own only when none is running: so a test that runs
 * jobs reads what they wrote with {@link #check}, which stops the session after.
 */
public abstract class SparkTestBase {
  private static final Map<String, String> SETTINGS = new TreeMap<>(SparkDefaults.load());

  static {
    SETTINGS.put("spark.master", "local[2]");
    SETTINGS.put("spark.ui.enabled", "false");
    SETTINGS.put("spark.sql.shuffle.partitions", "2");
  }

  /** Assertions about what a session finds. */
  @FunctionalInterface
  public interface Check {
    void accept(SparkSession spark) throws Exception;
  }

  @BeforeAll
  static void setSparkProperties() {
    SETTINGS.forEach(System::setProperty);
  }

  @AfterAll
  static void stopSparkAndClearProperties() {
    stopSession();
    SETTINGS.keySet().forEach(System::clearProperty);
  }

  /** The session the class's tests share, started if none is running. */
  protected static SparkSession spark() {
    return SparkSession.builder().appName("spark-digits tests").getOrCreate();
  }

  protected static JavaSparkContext sc() {
    return JavaSparkContext.fromSparkContext(spark().sparkContext());
  }

  /**
   * What {@code check} finds with the session, which is stopped after: so that the next job this
   * test runs starts a session of its own, with its own settings, as under spark-submit.
   */
  protected static void check(Check check) {
    try {
      check.accept(spark());
    } catch (Exception e) {
      throw new AssertionError("the check could not read what it checks", e);
    } finally {
      stopSession();
    }
  }

  /**
   * As {@link #check}, with a session started with {@code settings} over the usual ones: for a
   * setting that Spark reads only when it starts. The usual settings are back after.
   */
  protected static void checkWith(Map<String, String> settings, Check check) {
    stopSession();
    settings.forEach(System::setProperty);
    try {
      check(check);
    } finally {
      settings.keySet().forEach(key -> {
        if (SETTINGS.containsKey(key)) {
          System.setProperty(key, SETTINGS.get(key));
        } else {
          System.clearProperty(key);
        }
      });
    }
  }

  /** The settings as JVM options, for a job run in a JVM of its own. */
  public static List<String> jvmOptions() {
    return SETTINGS.entrySet().stream().map(setting -> "-D" + setting.getKey() + "=" + setting.getValue()).toList();
  }

  private static void stopSession() {
    if (SparkSession.getDefaultSession().isDefined()) {
      SparkSession.getDefaultSession().get().stop();
    }
    // a stopped session stays the thread's active one: forget it, for whoever starts Spark next
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }
}
