package io.sparkdigits.jobs.cli;

import io.sparkdigits.core.InputFileException;
import io.sparkdigits.core.UsageException;
import java.io.FileNotFoundException;

/**
 * Tells the user's mistakes from failures: what the project's own checks refuse ({@link
 * UsageException}), an input file it cannot read ({@link InputFileException}), and an input that
 * is not there. Spark hands an executor's exception back to the driver as the cause of its own,
 * so the whole cause chain is searched. Anything else, a library's IllegalArgumentException
 * included, is a bug or an outage.
 */
final class UserErrors {
  private UserErrors() {}

  /** The user's mistake behind {@code failure}, or null when it is something else. */
  static Throwable find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UsageException || t instanceof InputFileException || t instanceof FileNotFoundException) {
        return t;
      }
    }
    return null;
  }

  /** The exit status of the user's mistake {@code error}: nothing ran, or an input was bad. */
  static int exitStatus(Throwable error) {
    return error instanceof UsageException ? JobRunner.USAGE_ERROR : JobRunner.FAILED;
  }
}
