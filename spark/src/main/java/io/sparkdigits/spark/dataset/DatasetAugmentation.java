package io.sparkdigits.spark.dataset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.augment.AugmentSpec;
import io.sparkdigits.core.augment.Augmentation;
import io.sparkdigits.core.augment.ElasticDeformation;
import io.sparkdigits.core.idx.IdxSplitSummary;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.report.AugmentationReport;
import io.sparkdigits.core.storage.StorageLayout;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * A dataset's training split to a new dataset of deformed copies ({@link ElasticDeformation}):
 * every training image of the source's current version, then K deformed copies of each, and the
 * other splits (the validation and test splits) as they are, never augmented: a deformed copy of a
 * validation image in the training split would let the validation scores see what was trained on. The copies are made on the
 * executors, from the source's rows. The new content becomes a version of the target dataset as
 * ingested content does ({@link DatasetWriter}): augmenting the same source content with the same
 * copies, seed and parameters again finds it there and writes nothing. The version's directory
 * also holds its report ({@link AugmentationReport}).
 */
public final class DatasetAugmentation {
  /** Originals in the report, the first image of each of the first labels, and copies beside each. */
  private static final int REPORT_ORIGINALS = 10;
  private static final int REPORT_COPIES = 5;
  /**
   * Pixel bytes per task of the augmented split: tasks enough to keep every core deforming, and
   * Parquet files of a size that readers split well.
   */
  private static final long BYTES_PER_TASK = 64L << 20;

  private final SparkSession spark;
  private final StorageLayout layout;

  public DatasetAugmentation(SparkSession spark, StorageLayout layout) {
    this.spark = spark;
    this.layout = layout;
  }

  /** Augments the current version of dataset {@code source} into a new version of dataset {@code target}. */
  public DatasetWriter.Result augment(String source, String target, AugmentSpec spec) throws IOException {
    if (source.equals(target)) {
      throw new UsageException("dataset '" + source + "' cannot be augmented into itself: name another target");
    }
    DigitsDataset dataset = DigitsDataset.open(spark, layout, source);
    DatasetManifest manifest = augmentedManifest(source, dataset, spec);
    spec.deformation().requireFits(manifest.rows(), manifest.columns(), "dataset '" + source + "'");
    ElasticDeformation deformation = new ElasticDeformation(spec.deformation(), manifest.rows(), manifest.columns());
    FileSystem fs = layout.fileSystem(spark.sparkContext().hadoopConfiguration());
    return new DatasetWriter(fs, layout, StorageLayout.SILENT_RUN_GRACE).write(target, manifest, directory -> {
      writeSplits(dataset, spec, deformation, directory);
      AugmentationReport.write(fs, new Path(directory, AugmentationReport.DIRECTORY), target, manifest,
          samples(dataset, spec, deformation));
    });
  }

  /**
   * The source's manifest with a new version id and the augmentation recorded: the training split
   * counts N(K+1) images, K+1 times each label's count, and keeps the files it came from.
   */
  private static DatasetManifest augmentedManifest(String source, DigitsDataset dataset, AugmentSpec spec) {
    DatasetManifest manifest = dataset.manifest();
    manifest.requireSplit(DatasetManifest.TRAIN);
    List<IdxSplitSummary> splits = manifest.splits().stream()
        .map(split -> split.split().equals(DatasetManifest.TRAIN) ? augmented(split, spec) : split)
        .toList();
    return new DatasetManifest(DatasetManifest.FORMAT_VERSION, StorageLayout.newId(), manifest.numClasses(),
        manifest.rows(), manifest.columns(), splits, Instant.now().toString(),
        Augmentation.of(source, dataset.version(), manifest.contentFingerprint(), spec), manifest.validation());
  }

  private static IdxSplitSummary augmented(IdxSplitSummary train, AugmentSpec spec) {
    long[] labelCounts = train.labelCounts().clone();
    for (int label = 0; label < labelCounts.length; label++) {
      labelCounts[label] *= spec.copies() + 1;
    }
    return new IdxSplitSummary(train.split(), spec.augmentedCount(train.count()), train.rows(), train.columns(),
        labelCounts, train.images(), train.labels());
  }

  /**
   * Writes each split into its own {@code split=NAME} folder, the layout of a dataset partitioned by
   * split, with one write per split: a task's rows all belong to one split, so they stream to their
   * file rather than being sorted by split first.
   */
  private void writeSplits(DigitsDataset dataset, AugmentSpec spec, ElasticDeformation deformation, Path directory) {
    DatasetManifest manifest = dataset.manifest();
    int sourceCount = manifest.requireSplit(DatasetManifest.TRAIN).count();
    long bytes = (long) spec.augmentedCount(sourceCount) * manifest.pixels();
    int tasks = (int) Math.max(spark.sparkContext().defaultParallelism(), (bytes + BYTES_PER_TASK - 1) / BYTES_PER_TASK);
    // the source split may be a single Parquet file that one task would read, and deform, alone
    JavaRDD<Row> copies = dataset.split(DatasetManifest.TRAIN).repartition(tasks).javaRDD()
        .flatMap(new AugmentCopies(deformation, spec.seed(), spec.copies(), sourceCount, manifest.pixels(),
            dataset.path().toString()));
    spark.createDataFrame(copies, DigitsSchema.SCHEMA).drop(DigitsSchema.SPLIT)
        .write().mode(SaveMode.ErrorIfExists).parquet(splitFolder(directory, DatasetManifest.TRAIN));
    for (IdxSplitSummary split : manifest.splits()) {
      if (!split.split().equals(DatasetManifest.TRAIN)) {
        dataset.split(split.split()).drop(DigitsSchema.SPLIT)
            .write().mode(SaveMode.ErrorIfExists).parquet(splitFolder(directory, split.split()));
      }
    }
  }

  private static String splitFolder(Path directory, String split) {
    return new Path(directory, DigitsSchema.SPLIT + "=" + split).toString();
  }

  /**
   * The report's samples: the first training image of each of the first labels, with its first
   * copies, made on the driver by the same function as the executors' copies.
   */
  private static List<AugmentationReport.Sample> samples(DigitsDataset dataset, AugmentSpec spec,
      ElasticDeformation deformation) {
    List<Row> firsts = dataset.split(DatasetManifest.TRAIN).groupBy(DigitsSchema.LABEL)
        .agg(min(DigitsSchema.INDEX).as(DigitsSchema.INDEX))
        .orderBy(DigitsSchema.LABEL).limit(REPORT_ORIGINALS).collectAsList();
    Object[] indices = firsts.stream().map(row -> row.getAs(DigitsSchema.INDEX)).toArray();
    List<Row> originals = dataset.split(DatasetManifest.TRAIN).where(col(DigitsSchema.INDEX).isin(indices))
        .orderBy(DigitsSchema.LABEL).collectAsList();
    List<AugmentationReport.Sample> samples = new ArrayList<>();
    for (Row row : originals) {
      int index = row.getAs(DigitsSchema.INDEX);
      byte[] image = row.getAs(DigitsSchema.PIXELS);
      List<byte[]> images = new ArrayList<>();
      for (int copy = 0; copy <= Math.min(spec.copies(), REPORT_COPIES); copy++) {
        images.add(deformation.copy(image, spec.seed(), index, copy));
      }
      samples.add(new AugmentationReport.Sample(index, row.getAs(DigitsSchema.LABEL), images));
    }
    return samples;
  }
}
