package io.sparkdigits.serve;

/**
 * A request the server refuses: its HTTP status and the one line that says why, which the client
 * gets as {@code {"error": "..."}}.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public ApiError(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  public static ApiError tooLarge(String message) {
    return new ApiError(413, message);
  }

  /** The JSON body of an error: one line, whatever the message held. */
  public record Body(String error) {
    public static Body of(String message) {
      return new Body(message == null ? "error" : message.replaceAll("\\s+", " ").trim());
    }
  }
}
