package io.sparkdigits.jobs.cli;

import picocli.CommandLine.Option;

/** The column of a table (--table, --parquet) that holds its images. */
public final class ImageColumnOption {
  @Option(names = "--image-col", paramLabel = "COLUMN", defaultValue = "pixels",
      description = "With --table or --parquet: the images, binary (one byte a pixel, or a PNG or JPEG file), "
          + "array<int|float|double> or vector, on the IDX scale 0 to 255 (default: ${DEFAULT-VALUE}).")
  String column;

  public String column() {
    return column;
  }
}
