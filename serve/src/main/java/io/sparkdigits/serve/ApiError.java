package io.sparkdigits.serve;

import java.util.OptionalInt;

/**
 * A request the server refuses: its HTTP status and the one line that says why, which the client
 * gets as {@code {"error": "..."}}.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  /** Seconds after which the request may succeed, for a {@code Retry-After} header; 0 for none. */
  private final int retryAfterSeconds;

  public ApiError(int status, String message) {
    this(status, message, 0);
  }

  private ApiError(int status, String message, int retryAfterSeconds) {
    super(message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  /** Whether the request itself is at fault (4xx), rather than the server (5xx). */
  public boolean clientsFault() {
    return status < 500;
  }

  public OptionalInt retryAfterSeconds() {
    return retryAfterSeconds > 0 ? OptionalInt.of(retryAfterSeconds) : OptionalInt.empty();
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  public static ApiError tooLarge(String message) {
    return new ApiError(413, message);
  }

  /** 503: the server cannot take the request now, and says when to try again. */
  public static ApiError busy(String message, int retryAfterSeconds) {
    return new ApiError(503, message, retryAfterSeconds);
  }

  /** The JSON body of an error: one line, whatever the message held. */
  public record Body(String error) {
    public static Body of(String message) {
      return new Body(message == null ? "error" : message.replaceAll("\\s+", " ").trim());
    }
  }
}
