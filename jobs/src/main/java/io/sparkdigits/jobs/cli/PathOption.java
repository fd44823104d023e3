package io.sparkdigits.jobs.cli;

import io.sparkdigits.core.UsageException;
import org.apache.hadoop.fs.Path;

/**
 * A path or URI as an option gives it. Hadoop's {@link Path} refuses an empty string or a
 * malformed URI with an IllegalArgumentException; from an option, that is the user's mistake,
 * said in one line naming the option, not a library's failure.
 */
public final class PathOption {
  private PathOption() {}

  public static Path of(String option, String value) {
    try {
      return new Path(value);
    } catch (IllegalArgumentException notAPath) {
      throw new UsageException(option + " '" + value + "': not a path or URI: " + notAPath.getMessage());
    }
  }
}
