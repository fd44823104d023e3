package io.sparkdigits.jobs.bench;

import io.sparkdigits.common.testing.SparkDefaults;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmarks' Spark session: the given master with the settings every submission passes
 * (conf/spark-defaults.conf), and {@code overrides} over them.
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
