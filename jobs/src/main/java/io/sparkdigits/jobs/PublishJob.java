package io.sparkdigits.jobs;

import io.sparkdigits.common.pipeline.PublishStage;
import io.sparkdigits.jobs.cli.ConfigOption;
import io.sparkdigits.jobs.cli.NameOption;
import io.sparkdigits.jobs.cli.StorageOptions;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Publish: moves a trained and evaluated run, with its metrics, to the runs of the storage root. */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Publish a trained and evaluated run: model, metrics.json and confusion matrix, atomically.")
public final class PublishJob extends SparkJob {
  @Mixin ConfigOption config;
  @Mixin StorageOptions storage;

  @Option(names = "--run-id", paramLabel = "ID", required = true, converter = NameOption.class,
      description = "Id of the evaluated run.")
  String runId;

  @Override
  void validate(Configuration conf) throws Exception {
    storage.requireWritable(conf);
  }

  @Override
  void run(SparkSession spark) throws Exception {
    run(spark, storage, runId, Map.of());
  }

  static Path run(SparkSession spark, StorageOptions storage, String runId, Map<String, Double> earlierStages)
      throws Exception {
    PublishStage stage = new PublishStage(spark, storage.layout(spark.sparkContext().hadoopConfiguration()));
    Path published = stage.run(runId, earlierStages);
    System.out.println("Published run: " + published);
    return published;
  }
}
