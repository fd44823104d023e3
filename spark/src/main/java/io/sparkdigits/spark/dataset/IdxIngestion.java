package io.sparkdigits.spark.dataset;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.idx.IdxFormatException;
import io.sparkdigits.core.idx.IdxInput;
import io.sparkdigits.core.idx.IdxSplitFiles;
import io.sparkdigits.core.idx.IdxSplitSummary;
import io.sparkdigits.core.idx.IdxValidator;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.manifest.ValidationSplit;
import io.sparkdigits.core.storage.StorageLayout;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
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
 * to validate it (nothing is written for a bad file), and the training labels once more to draw
 * the validation split ({@link ValidationSplit}); executors then read the items in parallel chunks, and the version is written to scratch space, moved into its directory whole and made
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
    this(spark, layout, StorageLayout.SILENT_RUN_GRACE);
  }

  /** {@code supersededKeptFor}: how long a superseded version stays for the runs that may still read it. */
  IdxIngestion(SparkSession spark, StorageLayout layout, Duration supersededKeptFor) {
    this.spark = spark;
    this.layout = layout;
    this.supersededKeptFor = supersededKeptFor;
  }

  /** Ingests {@code sources}, setting {@code validation}'s part of the training images aside. */
  public DatasetWriter.Result ingest(String datasetName, List<IdxSplitFiles> sources, int numClasses,
      ValidationSplit validation) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<IdxSplitSummary> summaries = validate(sources, numClasses, conf);
    Optional<SetAside> setAside = validation.any() ? setAside(sources, summaries, validation, conf) : Optional.empty();
    List<IdxSplitSummary> splits = setAside.isPresent() ? setAside.get().splits(summaries) : summaries;
    IdxSplitSummary first = summaries.get(0);
    DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT_VERSION, StorageLayout.newId(), numClasses,
        first.rows(), first.columns(), splits, Instant.now().toString(), null, validation);
    List<IdxChunk> chunks = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      BitSet drawn = setAside.isPresent() && sources.get(i).split().equals(DatasetManifest.TRAIN)
          ? setAside.get().drawn() : new BitSet();
      chunks.addAll(chunks(sources.get(i), summaries.get(i), drawn));
    }
    return new DatasetWriter(layout.fileSystem(conf), layout, supersededKeptFor)
        .write(datasetName, manifest, directory -> writeParquet(chunks, directory, conf));
  }

  /**
   * The training images drawn for the validation split, by position in the training files, and
   * the splits' summaries once they are set aside: the training split keeps the rest of every
   * label, the validation split, after it, the drawn ones; both name the training files they came from.
   */
  private record SetAside(BitSet drawn, long[] quotas) {
    List<IdxSplitSummary> splits(List<IdxSplitSummary> summaries) {
      List<IdxSplitSummary> splits = new ArrayList<>();
      for (IdxSplitSummary split : summaries) {
        if (!split.split().equals(DatasetManifest.TRAIN)) {
          splits.add(split);
          continue;
        }
        long[] kept = split.labelCounts().clone();
        for (int label = 0; label < kept.length; label++) {
          kept[label] -= quotas[label];
        }
        int validationCount = drawn.cardinality();
        splits.add(new IdxSplitSummary(split.split(), split.count() - validationCount, split.rows(), split.columns(),
            kept, split.images(), split.labels()));
        splits.add(new IdxSplitSummary(DatasetManifest.VALIDATION, validationCount, split.rows(), split.columns(),
            quotas.clone(), split.images(), split.labels()));
      }
      return splits;
    }
  }

  private static Optional<SetAside> setAside(List<IdxSplitFiles> sources, List<IdxSplitSummary> summaries,
      ValidationSplit validation, Configuration conf) throws IOException {
    for (int i = 0; i < sources.size(); i++) {
      if (!sources.get(i).split().equals(DatasetManifest.TRAIN)) {
        continue;
      }
      IdxSplitSummary train = summaries.get(i);
      Path labels = new Path(sources.get(i).labels());
      BitSet drawn;
      try (IdxInput input = IdxInput.open(labels.getFileSystem(conf), labels)) {
        drawn = validation.draw(input, train.count(), train.labelCounts());
      }
      if (drawn.cardinality() == train.count()) {
        throw new UsageException("a validation fraction of " + validation.fraction() + " sets aside all "
            + train.count() + " training images of " + train.labels().uri() + ": take a smaller one");
      }
      LOG.info("Validation split: {} of {} training images (fraction {}, seed {}), stratified by label",
          drawn.cardinality(), train.count(), validation.fraction(), validation.seed());
      return drawn.isEmpty() ? Optional.empty() : Optional.of(new SetAside(drawn, validation.quotas(train.labelCounts())));
    }
    return Optional.empty();
  }

  private static List<IdxSplitSummary> validate(List<IdxSplitFiles> sources, int numClasses, Configuration conf)
      throws IOException {
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
    return summaries;
  }

  private void writeParquet(List<IdxChunk> chunks, Path output, Configuration conf) {
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

  /**
   * The files' items in chunks, those of {@code validation} (by position) to the validation split:
   * each chunk's first row of each split takes the index that follows the previous chunk's.
   */
  private static List<IdxChunk> chunks(IdxSplitFiles files, IdxSplitSummary summary, BitSet validation) {
    int count = summary.count();
    boolean splittable = !summary.images().compressed() && !summary.labels().compressed();
    int perChunk = splittable ? ITEMS_PER_CHUNK : count;
    List<IdxChunk> chunks = new ArrayList<>();
    int validationBefore = 0;
    for (int from = 0; from < count; from += perChunk) {
      int to = Math.min(count, from + perChunk);
      BitSet drawn = validation.get(from, to);
      chunks.add(new IdxChunk(files, from, to, drawn, from - validationBefore, validationBefore));
      validationBefore += drawn.cardinality();
    }
    return chunks;
  }
}
