package io.sparkdigits.jobs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from {@code conf/pipeline.properties}, which the build puts in the job jar, and
 * optionally from a user's file of the same form laid over it. A key is an option's long name
 * without dashes ({@code epochs=3} for {@code --epochs}).
 */
final class Defaults implements IDefaultValueProvider {
  private static final String BUNDLED = "/pipeline.properties";

  private final Properties values;

  private Defaults(Properties values) {
    this.values = values;
  }

  static Defaults bundled() {
    Properties values = new Properties();
    try (InputStream in = Defaults.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException(BUNDLED + " is missing from the job jar");
      }
      values.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Defaults(values);
  }

  /** These defaults with the keys of {@code file} replacing theirs. */
  Defaults overlaidWith(Path file) throws IOException {
    Properties merged = new Properties();
    merged.putAll(values);
    try (Reader in = Files.newBufferedReader(file)) {
      merged.load(in);
    }
    return new Defaults(merged);
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (argSpec instanceof OptionSpec option) {
      return values.getProperty(option.longestName().replaceFirst("^-+", ""));
    }
    return null;
  }
}
