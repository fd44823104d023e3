package io.sparkdigits.jobs.cli;

import io.sparkdigits.common.idx.IdxFormatException;
import java.io.FileNotFoundException;

/**
 * Tells the user's mistakes from failures: a bad input file, a missing input or an invalid value.
 * Spark wraps an executor's exception in its own (often as text only), so the whole cause chain is
 * searched.
 */
final class UserErrors {
  private UserErrors() {}

  /** The user's mistake behind {@code failure}, or null when it is something else. */
  static Throwable find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IdxFormatException || t instanceof FileNotFoundException
          || t instanceof IllegalArgumentException) {
        return t;
      }
    }
    return null;
  }
}
