package io.sparkdigits.jobs.cli;

import io.sparkdigits.core.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
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
  /** What an option's name looks like; anything else is a sign of a file that is not properties. */
  private static final Pattern OPTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final Properties values;
  /** The user's file laid over the bundled defaults, and what it holds; null without one. */
  private final Path file;
  private final Properties overlay;

  private Defaults(Properties values, Path file, Properties overlay) {
    this.values = values;
    this.file = file;
    this.overlay = overlay;
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
    return new Defaults(values, null, null);
  }

  /**
   * These defaults with the keys of {@code file} replacing theirs. A file that cannot be read as
   * properties, or holds a key that is not one of {@code keys} (a typo would otherwise be ignored
   * without a word), is refused with a {@link UsageException} naming the file.
   */
  Defaults overlaidWith(Path file, ConfigKeys keys) {
    Properties overlay = read(file);
    List<String> unknown = new ArrayList<>();
    for (String key : overlay.stringPropertyNames().stream().sorted().toList()) {
      if (!OPTION_NAME.matcher(key).matches()) {
        throw refused(file, "'" + printable(key) + "' is not an option name: a config file holds properties, "
            + "one name=value a line (such as epochs=5)");
      }
      if (!keys.isKnown(key)) {
        unknown.add(key + keys.nearest(key).map(known -> " (did you mean " + known + "?)").orElse(""));
      }
    }
    if (!unknown.isEmpty()) {
      throw refused(file, "no spark-digits job has the option" + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown));
    }
    Properties merged = new Properties();
    merged.putAll(values);
    merged.putAll(overlay);
    return new Defaults(merged, file, overlay);
  }

  private static Properties read(Path file) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      throw refused(file, "no such file");
    } catch (AccessDeniedException e) {
      throw refused(file, "permission denied");
    } catch (CharacterCodingException e) {
      throw refused(file, "not a text file (it is not UTF-8)");
    } catch (IOException | IllegalArgumentException e) {
      // IllegalArgumentException: Properties' own complaint about a malformed \\uXXXX escape
      throw refused(file, "cannot read it: " + e.getMessage());
    }
    return properties;
  }

  private static UsageException refused(Path file, String problem) {
    return new UsageException(ConfigOption.NAME + " " + file + ": " + problem);
  }

  /** {@code text} fit for one line of an error message, however binary the file was. */
  private static String printable(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }

  /**
   * Where {@code value} of {@code argument} came from when the user's config file gave it, as
   * {@code --config FILE: key=value}: a value that does not convert is then the file's mistake.
   */
  Optional<String> source(ArgSpec argument, String value) {
    if (overlay == null || !(argument instanceof OptionSpec option)) {
      return Optional.empty();
    }
    String key = ConfigKeys.key(option);
    return value != null && value.equals(overlay.getProperty(key))
        ? Optional.of(ConfigOption.NAME + " " + file + ": " + key + "=" + value)
        : Optional.empty();
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (argSpec instanceof OptionSpec option) {
      return values.getProperty(ConfigKeys.key(option));
    }
    return null;
  }
}
