package io.sparkdigits.jobs.bench;

import io.sparkdigits.spark.testing.SparkDefaults;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmarks' Spark session: the given master with the settings every submission passes
 * (conf/spark-defaults.conf), and {@code overrides} over them. Not the tests' {@code SparkTestBase}:
 * a benchmark is a program, run from its {@code main} outside JUnit, that measures the master and
 * settings its command line names (local[*] by default, Spark's own shuffle partitions), where the
 * tests' session is local[2], tuned for small data.
 */
final class BenchSession {
  private BenchSession() {}

  static SparkSession start(String master, Map<String, String> overrides) {
    SparkSession.Builder builder = SparkSession.builder().master(master).appName("spark-digits benchmark");
    SparkDefaults.load().forEach(builder::config);
    overrides.forEach(builder::config);
    return builder.getOrCreate();
  }
}
