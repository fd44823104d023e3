package io.sparkdigits.common.dataset;

import io.sparkdigits.common.idx.IdxFormatException;
import io.sparkdigits.common.idx.IdxSplitFiles;
import io.sparkdigits.common.idx.IdxSplitSummary;
import io.sparkdigits.common.idx.IdxValidator;
import io.sparkdigits.common.json.Json;
import io.sparkdigits.common.storage.HadoopFiles;
import io.sparkdigits.common.storage.ProcessOwner;
import io.sparkdigits.common.storage.StorageLayout;
import io.sparkdigits.common.storage.WorkArea;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
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
 * current ({@link DatasetVersions}). Ingesting content that is already current, byte for byte,
 * changes nothing, and so does an identical ingest running at the same time.
 */
public final class IdxIngestion {
  private static final Logger LOG = LoggerFactory.getLogger(IdxIngestion.class);
  /** Items per ingest task for raw files; gzip streams cannot be split and are read by one task each. */
  private static final int ITEMS_PER_CHUNK = 16_384;

  /** What ingestion did: the version that is current, and whether this ingest found it so. */
  public record Result(Path dataset, String version, DatasetManifest manifest, boolean unchanged) {}

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

  public Result ingest(String datasetName, List<IdxSplitFiles> sources, int numClasses) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    FileSystem fs = layout.fileSystem(conf);
    DatasetVersions versions = new DatasetVersions(fs, layout, datasetName);
    DatasetManifest manifest = validate(sources, numClasses, conf, DatasetVersions.newId());

    Optional<DatasetVersions.Version> current = versions.current();
    DatasetVersions.Version result;
    if (current.isPresent() && current.get().manifest().sameContentAs(manifest)) {
      LOG.info("Dataset {} already holds this content (version {}); nothing to do", datasetName, current.get().id());
      result = current.get();
    } else {
      write(fs, versions, datasetName, sources, manifest, conf);
      result = versions.makeCurrent(manifest, current.map(DatasetVersions.Version::number).orElse(0L));
    }
    versions.deleteSuperseded(supersededKeptFor);
    return new Result(result.directory(), result.id(), result.manifest(), !result.id().equals(manifest.version()));
  }

  /** Writes the version {@code manifest} describes to scratch space, then moves it to its directory in one rename. */
  private void write(FileSystem fs, DatasetVersions versions, String datasetName, List<IdxSplitFiles> sources,
      DatasetManifest manifest, Configuration conf) throws IOException {
    WorkArea scratch = WorkArea.scratch(fs, layout);
    Path temp = layout.newTempDir("dataset-" + datasetName);
    scratch.claim(temp.getName(), ProcessOwner.current(manifest.version()));
    Path target = versions.directory(manifest.version());
    try {
      writeParquet(sources, manifest, temp, conf);
      Json.write(fs, new Path(temp, StorageLayout.MANIFEST_FILE), manifest);
      HadoopFiles.commitDirectory(fs, temp, target);
    } finally {
      fs.delete(temp, true);
      scratch.release(temp.getName());
    }
    LOG.info("Wrote version {} of dataset {} to {}", manifest.version(), datasetName, target);
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
        summaries, Instant.now().toString());
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
