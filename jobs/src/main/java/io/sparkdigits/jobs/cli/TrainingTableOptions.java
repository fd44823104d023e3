package io.sparkdigits.jobs.cli;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.spark.pipeline.TrainStage;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Training data that was never IDX (--table, --parquet): trained on instead of the dataset's
 * training split, whose validation and test splits still score the network.
 */
public final class TrainingTableOptions {
  @ArgGroup(exclusive = true)
  Source source;

  static final class Source {
    @Option(names = "--table", paramLabel = "NAME", required = true,
        description = "Train on a table of the Spark session's catalog (Hive, a lake table) instead of the dataset's "
            + "training split; the dataset's validation and test splits still score the network.")
    String table;

    @Option(names = "--parquet", paramLabel = "URI", required = true,
        description = "Train on Parquet (any Hadoop URI) instead of the dataset's training split, as --table.")
    String parquet;
  }

  @Mixin ImageColumnOption image;

  @Option(names = "--label-col", paramLabel = "COLUMN", defaultValue = "label",
      description = "With --table or --parquet: the labels, of an integer type (default: ${DEFAULT-VALUE}).")
  String labelColumn;

  /** Checks what can be checked before Spark starts: that --parquet is there. */
  public void validate(Configuration conf) throws IOException {
    if (source != null && source.parquet != null) {
      Path path = PathOption.of("--parquet", source.parquet);
      if (!path.getFileSystem(conf).exists(path)) {
        throw new UsageException("--parquet " + source.parquet + ": no such file or folder");
      }
    }
  }

  /** The table to train on; null when none was given. */
  public TrainStage.TrainingTable table(SparkSession spark) {
    if (source == null) {
      return null;
    }
    String image = this.image.column();
    return source.table != null
        ? new TrainStage.TrainingTable(spark.table(source.table), "--table " + source.table, image, labelColumn)
        : new TrainStage.TrainingTable(spark.read().parquet(source.parquet), "--parquet " + source.parquet, image,
            labelColumn);
  }
}
