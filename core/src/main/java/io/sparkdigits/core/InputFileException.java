package io.sparkdigits.core;

import java.io.IOException;

/**
 * A file that cannot be read as what it should be (an IDX file, a model); the message names the
 * file and what is wrong with it. Thrown on executors too: it is serialisable, and Spark hands it
 * back to the driver as the cause of the task's failure.
 */
public class InputFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public InputFileException(String file, String problem) {
    super(file + ": " + problem);
  }

  public InputFileException(String file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
