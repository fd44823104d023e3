package io.sparkdigits.spark.dataset;

import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.storage.StorageLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One version of an ingested dataset under the storage root: its manifest, its splits as rows or as
 * minibatches. The version is resolved once, when the dataset is opened, and every read goes to
 * that version's directory, whatever is ingested after.
 */
public final class DigitsDataset {
  private final SparkSession spark;
  private final DatasetVersions.Version version;
  private final DatasetManifest manifest;

  private DigitsDataset(SparkSession spark, DatasetVersions.Version version) {
    this.spark = spark;
    this.version = version;
    this.manifest = version.manifest();
  }

  /** The current version of dataset {@code name}. */
  public static DigitsDataset open(SparkSession spark, StorageLayout layout, String name) throws IOException {
    return open(spark, layout, name, null);
  }

  /** Version {@code version} of dataset {@code name}; null: the current one. */
  public static DigitsDataset open(SparkSession spark, StorageLayout layout, String name, String version)
      throws IOException {
    DatasetVersions versions = new DatasetVersions(layout.fileSystem(spark.sparkContext().hadoopConfiguration()),
        layout, name);
    if (version != null) {
      return new DigitsDataset(spark, versions.get(version));
    }
    return new DigitsDataset(spark, versions.current().orElseThrow(() -> new FileNotFoundException(
        "no dataset '" + name + "' under " + layout + " (no " + layout.datasetVersionLog(name) + "): ingest it first")));
  }

  /** The version's manifest, which names the version. */
  public DatasetManifest manifest() {
    return manifest;
  }

  /** The version's id. */
  public String version() {
    return version.id();
  }

  /** The version's directory: Parquet partitioned by split. */
  public Path path() {
    return version.directory();
  }

  /**
   * The rows of one split, read from that split's folder alone: a legacy dataset's folder also
   * holds the version directories of later ingests, which a read of the whole folder would take in.
   */
  public Dataset<Row> split(String split) {
    manifest.requireSplit(split);
    return spark.read().option("basePath", path().toString())
        .parquet(new Path(path(), DigitsSchema.SPLIT + "=" + split).toString());
  }

  /**
   * The split as minibatches of {@code batchSize} examples, spread over {@code partitions}
   * partitions (a small split may sit in one Parquet row group, which one task would read alone).
   */
  public JavaRDD<DataSet> minibatches(String split, int batchSize, int partitions) {
    return minibatches(split(split), batchSize, partitions);
  }

  /**
   * Rows of {@link DigitsSchema}'s columns, {@code count} of them, as {@code minibatches} spread over
   * {@code partitions} partitions: about {@code examples} of them drawn with {@code seed} (all of
   * them when there are no more), the same ones on every call.
   */
  public static JavaRDD<DataSet> sampleMinibatches(Dataset<Row> rows, long count, long examples, long seed,
      Minibatches minibatches, int partitions) {
    return minibatches(count <= examples ? rows : rows.sample(false, (double) examples / count, seed), minibatches,
        partitions);
  }

  private JavaRDD<DataSet> minibatches(Dataset<Row> rows, int batchSize, int partitions) {
    return minibatches(rows, new Minibatches(batchSize, manifest.pixels(), manifest.numClasses()), partitions);
  }

  private static JavaRDD<DataSet> minibatches(Dataset<Row> rows, Minibatches minibatches, int partitions) {
    return rows.repartition(partitions).javaRDD().mapPartitions(minibatches);
  }
}
