package io.sparkdigits.jobs;

import io.sparkdigits.spark.dataset.DatasetWriter;
import io.sparkdigits.spark.pipeline.RunPlan;
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
    DatasetWriter.Result result = run(spark, storage, null,
        RunPlan.of(storage.dataset(), null).ingesting(input.step(sources))).ingested();
    System.out.println("Dataset: " + result.dataset() + " (version " + result.version() + ")");
  }
}
