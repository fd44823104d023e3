package io.sparkdigits.core.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The project's {@code conf/} folder, so that tests run with what users run with. The build names
 * the folder in the system property {@code spark-digits.conf.dir}.
 */
public final class ProjectConf {
  private ProjectConf() {}

  public static Path file(String name) {
    return Path.of(System.getProperty("spark-digits.conf.dir", "../conf"), name);
  }

  /** A file of {@code conf/} in the properties format, as {@code spark-defaults.conf} and {@code jvm.properties} are. */
  public static Properties properties(String name) {
    Path file = file(name);
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + file, e);
    }
    return properties;
  }
}
