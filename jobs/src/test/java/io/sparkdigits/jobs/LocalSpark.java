package io.sparkdigits.jobs;

import io.sparkdigits.common.testing.SparkDefaults;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * Spark in local mode for tests that run jobs from their command line: a job builds its session
 * with no master, and Spark takes its settings from system properties.
 */
final class LocalSpark {
  private static final Map<String, String> SETTINGS = new HashMap<>(SparkDefaults.load());

  static {
    SETTINGS.put("spark.master", "local[2]");
    SETTINGS.put("spark.ui.enabled", "false");
  }

  private LocalSpark() {}

  /** The settings as JVM options, for a job run in a JVM of its own. */
  static List<String> jvmOptions() {
    return SETTINGS.entrySet().stream().map(setting -> "-D" + setting.getKey() + "=" + setting.getValue()).toList();
  }

  static void use() {
    SETTINGS.forEach(System::setProperty);
  }

  static void clear() {
    SETTINGS.keySet().forEach(System::clearProperty);
  }

  /** What {@code check} finds with a session of its own, which is stopped and forgotten after. */
  static void check(Consumer<SparkSession> check) {
    try (SparkSession spark = SparkSession.builder().getOrCreate()) {
      check.accept(spark);
    } finally {
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }
}
