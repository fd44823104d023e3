package io.sparkdigits.common.dataset;

import io.sparkdigits.common.json.Json;
import io.sparkdigits.common.storage.StorageLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.nd4j.linalg.dataset.DataSet;

/** An ingested dataset under the storage root: its manifest, its splits as rows or as minibatches. */
public final class DigitsDataset {
  private final SparkSession spark;
  private final Path path;
  private final DatasetManifest manifest;

  private DigitsDataset(SparkSession spark, Path path, DatasetManifest manifest) {
    this.spark = spark;
    this.path = path;
    this.manifest = manifest;
  }

  public static DigitsDataset open(SparkSession spark, StorageLayout layout, String name) throws IOException {
    FileSystem fs = layout.fileSystem(spark.sparkContext().hadoopConfiguration());
    Path manifestPath = layout.datasetManifest(name);
    if (!fs.exists(manifestPath)) {
      throw new FileNotFoundException("no dataset '" + name + "' under " + layout + " (no " + manifestPath
          + "): ingest it first");
    }
    return new DigitsDataset(spark, layout.dataset(name), Json.read(fs, manifestPath, DatasetManifest.class));
  }

  public DatasetManifest manifest() {
    return manifest;
  }

  public Path path() {
    return path;
  }

  public Dataset<Row> split(String split) {
    manifest.requireSplit(split);
    return spark.read().parquet(path.toString()).where(functions.col(DigitsSchema.SPLIT).equalTo(split));
  }

  /**
   * The split as minibatches of {@code batchSize} examples, spread over {@code partitions}
   * partitions (a small split may sit in one Parquet row group, which one task would read alone).
   */
  public JavaRDD<DataSet> minibatches(String split, int batchSize, int partitions) {
    return split(split).repartition(partitions).javaRDD()
        .mapPartitions(new Minibatches(batchSize, manifest.pixels(), manifest.numClasses()));
  }
}
