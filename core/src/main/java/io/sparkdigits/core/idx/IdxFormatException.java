package io.sparkdigits.core.idx;

import io.sparkdigits.core.InputFileException;

/** An IDX file that cannot be read as a dataset; the message names the file and what is wrong with it. */
public final class IdxFormatException extends InputFileException {
  private static final long serialVersionUID = 1L;

  public IdxFormatException(String file, String problem) {
    super(file, problem);
  }
}
