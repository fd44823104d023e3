package io.sparkdigits.core.image;

/**
 * A picture that gives no digit by a fault of its own: not a PNG or JPEG, corrupt, over the size
 * limit, in a colour space that is not read, blank. Its message is one line for the person who
 * sent it, naming the problem in their terms, never Java's. A failure of the reader itself (an
 * {@link Error} such as {@link OutOfMemoryError}) is never one of these.
 */
public final class BadImageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean tooLarge;

  BadImageException(String message) {
    this(message, false);
  }

  BadImageException(String message, boolean tooLarge) {
    super(message);
    this.tooLarge = tooLarge;
  }

  /** Whether the picture was refused for its size alone: the server answers 413 rather than 400. */
  public boolean tooLarge() {
    return tooLarge;
  }
}
