package io.sparkdigits.core;

/**
 * A request the project refuses as given: an invalid option value, a missing input, settings that
 * do not fit together or do not fit the data. Its message is for the user, one line that says what
 * to change. It is an {@link IllegalArgumentException}, as for any bad argument in Java, but only
 * this subclass marks the project's own checks: a library's IllegalArgumentException is a bug or
 * an outage, not the user's mistake.
 */
public final class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
