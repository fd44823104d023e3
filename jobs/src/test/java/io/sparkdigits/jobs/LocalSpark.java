package io.sparkdigits.jobs;

import io.sparkdigits.common.testing.SparkDefaults;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Spark in local mode for tests that run jobs from their command line: a job builds its session
 * with no master, and Spark takes its settings from system properties, which this sets for the
 * test class ({@code @ExtendWith(LocalSpark.class)}) and clears after it.
 */
final class LocalSpark implements BeforeAllCallback, AfterAllCallback {
  private static final Map<String, String> SETTINGS = new HashMap<>(SparkDefaults.load());

  static {
    SETTINGS.put("spark.master", "local[2]");
    SETTINGS.put("spark.ui.enabled", "false");
  }

  /** The settings as JVM options, for a job run in a JVM of its own. */
  static List<String> jvmOptions() {
    return SETTINGS.entrySet().stream().map(setting -> "-D" + setting.getKey() + "=" + setting.getValue()).toList();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    SETTINGS.forEach(System::setProperty);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    SETTINGS.keySet().forEach(System::clearProperty);
  }

  /** Assertions about what a session finds. */
  @FunctionalInterface
  interface Check {
    void accept(SparkSession spark) throws Exception;
  }

  /** What {@code check} finds with a session of its own, which is stopped and forgotten after. */
  static void check(Check check) {
    try (SparkSession spark = SparkSession.builder().getOrCreate()) {
      check.accept(spark);
    } catch (Exception e) {
      throw new AssertionError("the check could not read what it checks", e);
    } finally {
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }
}
