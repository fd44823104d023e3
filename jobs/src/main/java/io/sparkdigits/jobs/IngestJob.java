package io.sparkdigits.jobs;

import io.sparkdigits.spark.dataset.DatasetWriter;
import io.sparkdigits.spark.dataset.IdxIngestion;
import io.sparkdigits.core.idx.IdxSplitFiles;
import io.sparkdigits.jobs.cli.ConfigOption;
import io.sparkdigits.jobs.cli.IngestOptions;
import io.sparkdigits.jobs.cli.StorageOptions;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Ingest: validates MNIST-format IDX files and writes them as a Parquet dataset under the storage root. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Validate IDX image and label files (raw or gzip) and write them as a Parquet dataset.")
public final class IngestJob extends SparkJob {
  @Mixin ConfigOption config;
  @Mixin StorageOptions storage;
  @Mixin IngestOptions input;

  private List<IdxSplitFiles> sources;

  @Override
  void validate(Configuration conf) throws Exception {
    sources = input.resolve(conf);
    storage.requireWritable(conf);
  }

  @Override
  void run(SparkSession spark) throws Exception {
    startWriting(spark, storage, null);
    DatasetWriter.Result result = run(spark, storage, input, sources);
    System.out.println("Dataset: " + result.dataset() + " (version " + result.version() + ")");
  }

  static DatasetWriter.Result run(SparkSession spark, StorageOptions storage, IngestOptions input,
      List<IdxSplitFiles> sources) throws Exception {
    IdxIngestion ingestion = new IdxIngestion(spark, storage.layout(spark.sparkContext().hadoopConfiguration()));
    DatasetWriter.Result result = ingestion.ingest(storage.dataset(), sources, input.numClasses(), input.validation());
    result.manifest().splits().forEach(split -> System.out.printf("%-10s %,7d images of %dx%d%n",
        split.split(), split.count(), split.rows(), split.columns()));
    if (result.unchanged()) {
      System.out.println("The dataset already held this content: nothing was rewritten.");
    }
    return result;
  }
}
