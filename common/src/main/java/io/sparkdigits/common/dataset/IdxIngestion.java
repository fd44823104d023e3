package io.sparkdigits.common.dataset;

import io.sparkdigits.common.idx.IdxFormatException;
import io.sparkdigits.common.idx.IdxSplitFiles;
import io.sparkdigits.common.idx.IdxSplitSummary;
import io.sparkdigits.common.idx.IdxValidator;
import io.sparkdigits.common.storage.StorageLayout;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.datavec.spark.util.SerializableHadoopConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IDX files to a new version of a Parquet dataset. The driver first reads every file through once
 * to validate it (nothing is written for a bad file); executors then read the items in parallel
 * chunks, and the version is written to scratch space, moved into its directory whole and made
 * current ({@link DatasetWriter}). Ingesting content that is already current, byte for byte,
 * changes nothing, and so does an identical ingest running at the same time.
 */
public final class IdxIngestion {
  private static final Logger LOG = LoggerFactory.getLogger(IdxIngestion.class);
  /** Items per ingest task for raw files; gzip streams cannot be split and are read by one task each. */
  private static final int ITEMS_PER_CHUNK = 16_384;

  private final SparkSession spark;
  private final StorageLayout layout;
  private final Duration supersededKeptFor;

  public IdxIngestion(SparkSession spark, StorageLayout layout) {
    this(spark, layout, StorageLayout.ABANDONED_AFTER);
  }

  /** {@code supersededKeptFor}: how long a superseded version stays for the runs that may still read it. */
  IdxIngestion(SparkSession spark, StorageLayout layout, Duration supersededKeptFor) {
    this.spark = spark;
    this.layout = layout;
    this.supersededKeptFor = supersededKeptFor;
  }

  public DatasetWriter.Result ingest(String datasetName, List<IdxSplitFiles> sources, int numClasses)
      throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    DatasetManifest manifest = validate(sources, numClasses, conf, DatasetVersions.newId());
    return new DatasetWriter(layout.fileSystem(conf), layout, supersededKeptFor)
        .write(datasetName, manifest, directory -> writeParquet(sources, manifest, directory, conf));
  }

  private static DatasetManifest validate(List<IdxSplitFiles> sources, int numClasses, Configuration conf,
      String version) throws IOException {
    List<IdxSplitSummary> summaries = new ArrayList<>();
    for (IdxSplitFiles files : sources) {
      IdxValidator validator = new IdxValidator(new Path(files.images()).getFileSystem(conf), numClasses);
      IdxSplitSummary summary = validator.validate(files);
      LOG.info("Validated split {}: {} images of {}x{} from {}", summary.split(), summary.count(),
          summary.rows(), summary.columns(), files.images());
      summaries.add(summary);
    }
    IdxSplitSummary first = summaries.get(0);
    for (IdxSplitSummary other : summaries) {
      if (other.rows() != first.rows() || other.columns() != first.columns()) {
        throw new IdxFormatException(other.images().uri(), "images are " + other.rows() + "x" + other.columns()
            + " but those of split '" + first.split() + "' are " + first.rows() + "x" + first.columns());
      }
    }
    return new DatasetManifest(DatasetManifest.FORMAT_VERSION, version, numClasses, first.rows(), first.columns(),
        summaries, Instant.now().toString(), null);
  }

  private void writeParquet(List<IdxSplitFiles> sources, DatasetManifest manifest, Path output, Configuration conf) {
    List<IdxChunk> chunks = new ArrayList<>();
    for (IdxSplitFiles files : sources) {
      chunks.addAll(chunks(files, manifest.requireSplit(files.split())));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableHadoopConfig> hadoopConf = sc.broadcast(new SerializableHadoopConfig(conf));
    JavaRDD<Row> rows = sc.parallelize(chunks, chunks.size()).flatMap(new ReadIdxChunk(hadoopConf));
    spark.createDataFrame(rows, DigitsSchema.SCHEMA)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy(DigitsSchema.SPLIT)
        .parquet(output.toString());
    hadoopConf.destroy();
  }

  private static List<IdxChunk> chunks(IdxSplitFiles files, IdxSplitSummary summary) {
    int count = summary.count();
    boolean splittable = !summary.images().compressed() && !summary.labels().compressed();
    int perChunk = splittable ? ITEMS_PER_CHUNK : count;
    List<IdxChunk> chunks = new ArrayList<>();
    for (int from = 0; from < count; from += perChunk) {
      chunks.add(new IdxChunk(files, from, Math.min(count, from + perChunk)));
    }
    return chunks;
  }
}
