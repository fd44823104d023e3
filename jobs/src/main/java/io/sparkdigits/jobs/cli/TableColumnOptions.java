package io.sparkdigits.jobs.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The columns of a table that the predict job scores (--table, --parquet). */
public final class TableColumnOptions {
  @Mixin ImageColumnOption image;

  @Option(names = "--id-col", paramLabel = "COLUMN", defaultValue = "index",
      description = "With --table or --parquet: the column that identifies each image, written as the id "
          + "(default: ${DEFAULT-VALUE}).")
  String idColumn;

  public String imageColumn() {
    return image.column();
  }

  public String idColumn() {
    return idColumn;
  }
}
