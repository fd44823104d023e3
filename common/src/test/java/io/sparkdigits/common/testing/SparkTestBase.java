package io.sparkdigits.common.testing;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One local Spark session with two cores and the project's Spark defaults, shared by the tests of a class. */
public abstract class SparkTestBase {
  protected static SparkSession spark;
  protected static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    SparkSession.Builder builder = SparkSession.builder();
    SparkDefaults.load().forEach(builder::config);
    spark = builder
        .master("local[2]")
        .appName("spark-digits tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
    spark = null;
    sc = null;
  }
}
