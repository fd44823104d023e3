package io.sparkdigits.core.storage;

import io.sparkdigits.core.UsageException;
import java.util.regex.Pattern;

/**
 * What a name that becomes one folder or file under the storage root may be: a model, a dataset,
 * a run id, a dataset version, a sweep. Names go into paths, so a name is exactly one path segment:
 * {@code ..}, {@code a/b}, {@code /abs}, {@code s3a://x} or an empty name would reach outside the
 * folder it is meant for. It starts with a letter or digit: {@code .} would hide it or name a
 * parent, and {@code _} is the prefix of the layout's own folders ({@code _staging}, {@code _tmp})
 * that Hadoop and Spark readers skip. What the project generates fits:
 * {@code 20261201-000000-aaaaaa}.
 */
public final class StorageName {
  /** The rule in words, for error messages and docs. */
  public static final String RULE =
      "names are 1 to 128 ASCII letters, digits, '-', '_' and '.', starting with a letter or digit";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private StorageName() {}

  public static boolean isValid(String text) {
    return text != null && NAME.matcher(text).matches();
  }

  /** {@code text}, or a {@link UsageException} saying that {@code what} (an option, a kind of name) is not a name. */
  public static String require(String what, String text) {
    if (!isValid(text)) {
      throw new UsageException(what + " " + problem(text));
    }
    return text;
  }

  /** Why {@code text} is refused, in one line. */
  public static String problem(String text) {
    return "'" + text + "' is not a name (" + RULE + ")";
  }
}
