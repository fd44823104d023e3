package io.sparkdigits.spark.testing;

import io.sparkdigits.core.testing.ProjectConf;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The settings of {@code conf/spark-defaults.conf}, which every submission passes, so that tests run
 * Spark as users do (Kryo with ND4J's registrator, among others).
 */
public final class SparkDefaults {
  private SparkDefaults() {}

  public static Map<String, String> load() {
    Properties properties = ProjectConf.properties("spark-defaults.conf");
    Map<String, String> settings = new TreeMap<>();
    properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key).strip()));
    return settings;
  }
}
