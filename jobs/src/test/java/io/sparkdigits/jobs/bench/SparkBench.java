package io.sparkdigits.jobs.bench;

import io.sparkdigits.spark.dataset.DatasetWriter;
import io.sparkdigits.spark.dataset.IdxIngestion;
import io.sparkdigits.core.idx.IdxFileSummary;
import io.sparkdigits.core.idx.IdxSplitSummary;
import io.sparkdigits.core.manifest.ValidationSplit;
import io.sparkdigits.core.metrics.TrainingRecord;
import io.sparkdigits.spark.pipeline.TrainStage;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.jobs.cli.IngestOptions;
import io.sparkdigits.jobs.cli.JobRunner;
import io.sparkdigits.jobs.cli.NetworkOptions;
import io.sparkdigits.jobs.cli.StorageOptions;
import io.sparkdigits.jobs.cli.TrainingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Benchmark (b): the pipeline's own ingest and train stages, in one Spark application on
 * {@code --master} (local mode on all cores by default), into a fresh storage root.
 */
@Command(name = "spark-bench", mixinStandardHelpOptions = true)
public final class SparkBench implements Callable<Integer> {
  @Mixin IngestOptions input;
  @Mixin StorageOptions storage;
  @Mixin NetworkOptions network;
  @Mixin TrainingOptions training;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
      description = "A Spark setting over conf/spark-defaults.conf, to measure its effect.")
  Map<String, String> sparkSettings = Map.of();

  @Option(names = "--result", required = true, description = "Where to write the measurement (JSON).")
  Path result;

  public static void main(String[] args) {
    System.exit(JobRunner.run(new SparkBench(), args));
  }

  @Override
  public Integer call() throws Exception {
    try (HeapSampler heap = new HeapSampler(); SparkSession spark = BenchSession.start(master, sparkSettings)) {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      StorageLayout layout = storage.layout(conf);
      long start = System.nanoTime();
      DatasetWriter.Result ingested = new IdxIngestion(spark, layout)
          // every way of the benchmark trains on all the training images and is scored on the test split
          .ingest(storage.dataset(), input.resolve(conf), input.numClasses(), ValidationSplit.NONE);
      double ingestSeconds = (System.nanoTime() - start) / 1e9;
      if (ingested.unchanged()) {
        throw new IllegalArgumentException("--out " + layout + " already holds this dataset: give a fresh storage root");
      }

      TrainingRecord trained = new TrainStage(spark, layout)
          .run(StorageLayout.newId(), storage.dataset(), null, network.spec(), training.spec(), true);
      List<Measurement.Epoch> epochs = trained.epochs().stream()
          .map(epoch -> new Measurement.Epoch(epoch.epoch(), epoch.seconds(), epoch.testAccuracy()))
          .toList();
      String setting = String.format("%s, %d workers, %d averaging rounds per epoch%s", master, trained.workers(),
          trained.roundsPerEpoch(),
          sparkSettings.isEmpty() ? "" : ", " + sparkSettings);
      new Measurement("Spark parameter averaging (the pipeline)", setting, spark.sparkContext().defaultParallelism(),
          trained.trainExamples(), epochs, heap.peakBytes(), ingest(conf, layout, ingested, ingestSeconds))
          .write(result);
    }
    return 0;
  }

  private Measurement.Ingest ingest(Configuration conf, StorageLayout layout, DatasetWriter.Result ingested,
      double seconds) throws IOException {
    long images = 0;
    long idxBytes = 0;
    long inputBytes = 0;
    for (IdxSplitSummary split : ingested.manifest().splits()) {
      images += split.count();
      for (IdxFileSummary file : List.of(split.images(), split.labels())) {
        idxBytes += file.bytes();
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.uri());
        inputBytes += path.getFileSystem(conf).getFileStatus(path).getLen();
      }
    }
    long parquetBytes = layout.fileSystem(conf).getContentSummary(layout.dataset(storage.dataset())).getLength();
    return new Measurement.Ingest(images, seconds, idxBytes, inputBytes, parquetBytes);
  }
}
