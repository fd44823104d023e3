package io.sparkdigits.spark.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.idx.IdxSplitFiles;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.manifest.ValidationSplit;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.spark.testing.SparkTestBase;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validation split that ingest sets aside, in local Spark: the source's training images are
 * told apart by their pixels (random noise, each image its own), so that every ingested row can be
 * traced to its position in the source files.
 */
class ValidationSplitTest extends SparkTestBase {
  // more items than one ingest chunk holds: raw files are read by several tasks, each numbering its rows
  private static final SyntheticDigits TRAIN = new SyntheticDigits(20_000, 4, 3, 10, 11);
  private static final SyntheticDigits TEST = new SyntheticDigits(200, 4, 3, 10, 12);

  @TempDir static Path dir;
  private static Map<String, Integer> sourcePositions;
  private static long[] labelCounts;

  @BeforeAll
  static void writeInput() {
    TRAIN.writeMnistFiles(dir.resolve("raw"), "train", false);
    TEST.writeMnistFiles(dir.resolve("raw"), "t10k", false);
    TRAIN.writeMnistFiles(dir.resolve("gz"), "train", true);
    TEST.writeMnistFiles(dir.resolve("gz"), "t10k", true);
    sourcePositions = new HashMap<>();
    labelCounts = new long[10];
    for (int i = 0; i < TRAIN.count; i++) {
      sourcePositions.put(key(Arrays.copyOfRange(TRAIN.pixels, i * 12, (i + 1) * 12)), i);
      labelCounts[TRAIN.labels[i]]++;
    }
    assertThat(sourcePositions).as("every source image is its own").hasSize(TRAIN.count);
  }

  private static List<IdxSplitFiles> sources(String folder, boolean gzip) {
    Path input = dir.resolve(folder);
    String suffix = gzip ? ".gz" : "";
    return List.of(
        new IdxSplitFiles(DatasetManifest.TRAIN, input.resolve("train-images-idx3-ubyte" + suffix).toString(),
            input.resolve("train-labels-idx1-ubyte" + suffix).toString()),
        new IdxSplitFiles(DatasetManifest.TEST, input.resolve("t10k-images-idx3-ubyte" + suffix).toString(),
            input.resolve("t10k-labels-idx1-ubyte" + suffix).toString()));
  }

  /** Ingests into a storage root of its own, and opens what was ingested. */
  private static DigitsDataset ingest(String root, String folder, boolean gzip, ValidationSplit validation)
      throws IOException {
    StorageLayout layout = StorageLayout.at(dir.resolve(root).toString(), new Configuration());
    new IdxIngestion(spark(), layout).ingest("digits", sources(folder, gzip), 10, validation);
    return DigitsDataset.open(spark(), layout, "digits");
  }

  /** The source positions of a split's rows, checking that its indices number them 0..n-1 in source order. */
  private static List<Integer> sourcePositions(DigitsDataset dataset, String split) {
    List<Row> rows = dataset.split(split).orderBy(DigitsSchema.INDEX).collectAsList();
    List<Integer> positions = rows.stream().map(row -> sourcePositions.get(key(row.getAs(DigitsSchema.PIXELS))))
        .toList();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      assertThat(row.<Integer>getAs(DigitsSchema.INDEX)).as("%s: indices number the split from 0", split).isEqualTo(i);
      assertThat(positions.get(i)).as("%s row %d is a source training image", split, i).isNotNull();
      assertThat(row.<Integer>getAs(DigitsSchema.LABEL)).as("%s row %d keeps its label", split, i)
          .isEqualTo((int) TRAIN.labels[positions.get(i)]);
    }
    assertThat(positions).as("%s: in the source's order", split).isSorted();
    return positions;
  }

  private static String key(byte[] pixels) {
    return HexFormat.of().formatHex(pixels);
  }

  @Test
  void theValidationSplitIsAStratifiedDisjointPartOfTheTrainingImages() throws IOException {
    DigitsDataset dataset = ingest("tenth", "raw", false, new ValidationSplit(0.1, 42));

    List<Integer> validation = sourcePositions(dataset, DatasetManifest.VALIDATION);
    List<Integer> train = sourcePositions(dataset, DatasetManifest.TRAIN);
    Set<Integer> all = new HashSet<>(train);
    all.addAll(validation);
    assertThat(all).as("together, every source training image once").hasSize(TRAIN.count);
    assertThat(train.size() + validation.size()).isEqualTo(TRAIN.count);

    long[] perLabel = new long[10];
    validation.forEach(position -> perLabel[TRAIN.labels[position]]++);
    for (int label = 0; label < 10; label++) {
      assertThat((double) perLabel[label]).as("validation images of label %d of %d", label, labelCounts[label])
          .isCloseTo(0.1 * labelCounts[label], offset(1.0));
    }
    DatasetManifest manifest = dataset.manifest();
    assertThat(manifest.validation()).isEqualTo(new ValidationSplit(0.1, 42));
    assertThat(manifest.requireSplit(DatasetManifest.VALIDATION).count()).isEqualTo(validation.size());
    assertThat(manifest.requireSplit(DatasetManifest.VALIDATION).labelCounts()).as("its label counts")
        .containsExactly(perLabel);
    assertThat(manifest.requireSplit(DatasetManifest.TRAIN).count()).isEqualTo(train.size());
    assertThat(manifest.requireSplit(DatasetManifest.TRAIN).labelCounts()).as("the training split keeps the rest")
        .containsExactly(IntStream.range(0, 10).mapToLong(l -> labelCounts[l] - perLabel[l]).toArray());
  }

  @Test
  void theSameSeedDrawsTheSameImagesAndAnotherSeedOthers() throws IOException {
    List<Integer> raw = sourcePositions(ingest("seed42", "raw", false, new ValidationSplit(0.1, 42)),
        DatasetManifest.VALIDATION);
    List<Integer> gzipped = sourcePositions(ingest("seed42-gz", "gz", true, new ValidationSplit(0.1, 42)),
        DatasetManifest.VALIDATION);
    DigitsDataset otherSeed = ingest("seed43", "raw", false, new ValidationSplit(0.1, 43));
    List<Integer> other = sourcePositions(otherSeed, DatasetManifest.VALIDATION);

    assertThat(gzipped).as("the same seed, from gzip'd files read by one task").isEqualTo(raw);
    assertThat(other).as("another seed").hasSameSizeAs(raw).isNotEqualTo(raw);
    assertThat(other.stream().filter(new HashSet<>(raw)::contains).count())
        .as("another seed's draw shares about a tenth with this one, as independent draws do")
        .isLessThan(raw.size() / 4);
    assertThat(otherSeed.manifest().contentFingerprint()).as("another draw is other content")
        .isNotEqualTo(ingest("seed42-again", "raw", false, new ValidationSplit(0.1, 42)).manifest().contentFingerprint());
  }

  @Test
  void aFractionOfZeroSetsNothingAside() throws IOException {
    DigitsDataset dataset = ingest("none", "raw", false, new ValidationSplit(0, 42));

    assertThat(dataset.manifest().hasValidationSplit()).isFalse();
    assertThat(dataset.manifest().splits()).extracting(split -> split.split())
        .containsExactly(DatasetManifest.TRAIN, DatasetManifest.TEST);
    assertThat(sourcePositions(dataset, DatasetManifest.TRAIN)).as("every training image, at its position")
        .hasSize(TRAIN.count).first().isEqualTo(0);
    assertThat(dataset.path().getFileSystem(new Configuration())
        .exists(new org.apache.hadoop.fs.Path(dataset.path(), DigitsSchema.SPLIT + "=" + DatasetManifest.VALIDATION)))
        .as("no validation folder").isFalse();
  }

  @Test
  void aFractionOutsideZeroToOneIsRefused() {
    for (double fraction : new double[] {-0.1, 1, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> new ValidationSplit(fraction, 42)).as("fraction %s", fraction)
          .isInstanceOf(UsageException.class)
          .hasMessage("the validation fraction must be at least 0 and below 1, got " + fraction);
    }
  }
}
