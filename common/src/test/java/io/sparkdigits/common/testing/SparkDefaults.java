package io.sparkdigits.common.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The settings of {@code conf/spark-defaults.conf}, which every submission passes, so that tests run
 * Spark as users do (Kryo with ND4J's registrator, among others). The build names the folder in
 * the system property {@code spark-digits.conf.dir}.
 */
public final class SparkDefaults {
  private SparkDefaults() {}

  public static Map<String, String> load() {
    Path file = Path.of(System.getProperty("spark-digits.conf.dir", "../conf"), "spark-defaults.conf");
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + file, e);
    }
    Map<String, String> settings = new TreeMap<>();
    properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key).strip()));
    return settings;
  }
}
