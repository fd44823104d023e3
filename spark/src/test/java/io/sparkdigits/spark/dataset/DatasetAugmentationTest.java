package io.sparkdigits.spark.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.augment.AugmentSpec;
import io.sparkdigits.core.augment.Augmentation;
import io.sparkdigits.core.augment.DeformationParameters;
import io.sparkdigits.core.augment.ElasticDeformation;
import io.sparkdigits.core.idx.IdxSplitFiles;
import io.sparkdigits.core.idx.IdxSplitSummary;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.manifest.ValidationSplit;
import io.sparkdigits.core.report.AugmentationReport;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.core.testing.DatasetFolders;
import io.sparkdigits.core.testing.MnistFiles;
import io.sparkdigits.spark.testing.SparkTestBase;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Augmenting an ingested dataset in local Spark: on a subset of the real MNIST where the machine
 * has it, otherwise on synthetic digits of a non-square size.
 */
class DatasetAugmentationTest extends SparkTestBase {
  private static final DeformationParameters PARAMETERS = new DeformationParameters(34, 4, 15, 0.1, 0.2, 2);
  private static final AugmentSpec SPEC = new AugmentSpec(2, 7, PARAMETERS);

  @TempDir static Path dir;
  private static Path input;
  private static int trainCount;

  @BeforeAll
  static void writeInput() throws IOException {
    input = dir.resolve("input");
    if (MnistFiles.folder().isPresent()) {
      trainCount = 1_000;
      MnistFiles.writeSubset(MnistFiles.folder().get(), "train", trainCount, input);
      MnistFiles.writeSubset(MnistFiles.folder().get(), "t10k", 200, input);
    } else {
      trainCount = 400;
      new SyntheticDigits(trainCount, 12, 9, 10, 1).writeMnistFiles(input, "train", true);
      new SyntheticDigits(150, 12, 9, 10, 2).writeMnistFiles(input, "t10k", true);
    }
  }

  /** A storage root with the input ingested as dataset {@code digits}. */
  private static StorageLayout ingested(String name) throws IOException {
    return ingested(name, ValidationSplit.NONE);
  }

  private static StorageLayout ingested(String name, ValidationSplit validation) throws IOException {
    StorageLayout layout = StorageLayout.at(dir.resolve(name).toString(), new Configuration());
    new IdxIngestion(spark(), layout).ingest("digits", List.of(
        new IdxSplitFiles(DatasetManifest.TRAIN, input.resolve("train-images-idx3-ubyte.gz").toString(),
            input.resolve("train-labels-idx1-ubyte.gz").toString()),
        new IdxSplitFiles(DatasetManifest.TEST, input.resolve("t10k-images-idx3-ubyte.gz").toString(),
            input.resolve("t10k-labels-idx1-ubyte.gz").toString())), 10, validation);
    return layout;
  }

  private static List<Row> rows(StorageLayout layout, String dataset, String split) throws IOException {
    return DigitsDataset.open(spark(), layout, dataset).split(split).orderBy(DigitsSchema.INDEX).collectAsList();
  }

  private static byte[] pixels(Row row) {
    return row.getAs(DigitsSchema.PIXELS);
  }

  @Test
  void theTrainingSplitGetsKDeformedCopiesOfEveryImageAndTheTestSplitStaysAsItIs() throws IOException {
    StorageLayout layout = ingested("augmented");
    DatasetManifest source = DigitsDataset.open(spark(), layout, "digits").manifest();

    DatasetWriter.Result result = new DatasetAugmentation(spark(), layout).augment("digits", "digits-aug2", SPEC);

    List<Row> originals = rows(layout, "digits", DatasetManifest.TRAIN);
    List<Row> augmented = rows(layout, "digits-aug2", DatasetManifest.TRAIN);
    int n = trainCount;
    assertThat(augmented).as("N(K+1) training images").hasSize(3 * n);
    int changed = 0;
    for (int i = 0; i < augmented.size(); i++) {
      Row row = augmented.get(i);
      Row original = originals.get(i % n);
      assertThat(row.<Integer>getAs(DigitsSchema.INDEX)).as("indices 0..N(K+1)-1, each once").isEqualTo(i);
      assertThat(row.<Integer>getAs(DigitsSchema.LABEL)).as("label of image %d, copy %d of %d", i, i / n, i % n)
          .isEqualTo(original.<Integer>getAs(DigitsSchema.LABEL));
      assertThat(pixels(row)).as("pixels of image %d", i).hasSize(source.pixels());
      assertThat(ink(pixels(row))).as("ink of image %d", i).isPositive();
      if (i < n) {
        assertThat(pixels(row)).as("copy 0 of image %d is the original", i).containsExactly(pixels(original));
      } else if (!Arrays.equals(pixels(row), pixels(original))) {
        changed++;
      }
    }
    assertThat(changed).as("deformed copies that differ from their original").isEqualTo(2 * n);
    assertThat(rows(layout, "digits-aug2", DatasetManifest.TEST)).as("the test split, row for row")
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(rows(layout, "digits", DatasetManifest.TEST));

    DatasetManifest manifest = result.manifest();
    assertThat(result.unchanged()).isFalse();
    assertThat(manifest.augmentation()).as("the augmentation recorded").isEqualTo(new Augmentation("digits",
        DigitsDataset.open(spark(), layout, "digits").version(), source.contentFingerprint(), 2, 7, PARAMETERS,
        ElasticDeformation.VERSION));
    IdxSplitSummary train = manifest.requireSplit(DatasetManifest.TRAIN);
    IdxSplitSummary sourceTrain = source.requireSplit(DatasetManifest.TRAIN);
    assertThat(train.count()).isEqualTo(3 * n);
    assertThat(train.labelCounts()).as("label counts, K+1 times the source's")
        .containsExactly(Arrays.stream(sourceTrain.labelCounts()).map(count -> 3 * count).toArray());
    assertThat(train.images()).as("the source's files, for provenance").isEqualTo(sourceTrain.images());
    assertThat(manifest.requireSplit(DatasetManifest.TEST)).usingRecursiveComparison()
        .isEqualTo(source.requireSplit(DatasetManifest.TEST));
    assertThat(manifest.sameContentAs(source)).as("an augmented dataset is not its source").isFalse();
    assertThat(manifest.contentFingerprint()).isNotEqualTo(source.contentFingerprint());
    assertThat(DigitsDataset.open(spark(), layout, "digits-aug2").manifest().augmentation())
        .as("the manifest read back").isEqualTo(manifest.augmentation());

    Path version = Path.of(result.dataset().toUri());
    assertThat(spark().read().parquet(version.toString()).count()).as("the version's directory read as one table")
        .isEqualTo(3L * n + source.requireSplit(DatasetManifest.TEST).count());
    assertReport(version.resolve(AugmentationReport.DIRECTORY), source);
  }

  @Test
  void theValidationSplitIsCopiedAsItIsAndNoneOfItsImagesIsTrainedOn() throws IOException {
    StorageLayout layout = ingested("validated", new ValidationSplit(0.2, 5));
    DatasetManifest source = DigitsDataset.open(spark(), layout, "digits").manifest();

    DatasetManifest manifest = new DatasetAugmentation(spark(), layout).augment("digits", "digits-aug2", SPEC).manifest();

    List<Row> validation = rows(layout, "digits", DatasetManifest.VALIDATION);
    assertThat(validation).as("the validation split").hasSize(source.requireSplit(DatasetManifest.VALIDATION).count());
    assertThat((double) validation.size()).as("a fifth of the training images set aside")
        .isCloseTo(0.2 * trainCount, org.assertj.core.data.Offset.offset(10.0));
    assertThat(rows(layout, "digits-aug2", DatasetManifest.VALIDATION)).as("the validation split, row for row")
        .usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(validation);
    List<Row> trained = rows(layout, "digits-aug2", DatasetManifest.TRAIN);
    int kept = source.requireSplit(DatasetManifest.TRAIN).count();
    assertThat(trained).as("the remaining training images and their copies").hasSize(3 * kept);
    Set<String> validationImages = new HashSet<>();
    validation.forEach(row -> validationImages.add(HexFormat.of().formatHex(pixels(row))));
    assertThat(trained.subList(0, kept)).as("the originals of the augmented training split")
        .noneMatch(row -> validationImages.contains(HexFormat.of().formatHex(pixels(row))));
    assertThat(manifest.validation()).as("the source's validation split recorded").isEqualTo(source.validation());
    assertThat(manifest.requireSplit(DatasetManifest.VALIDATION)).usingRecursiveComparison()
        .isEqualTo(source.requireSplit(DatasetManifest.VALIDATION));
  }

  /** The report: a page, and a grid of one row per label's first image, original and five copies. */
  private static void assertReport(Path report, DatasetManifest source) throws IOException {
    String page = Files.readString(report.resolve(AugmentationReport.INDEX));
    assertThat(page).contains("<img src=\"augmentations.png\"").contains("digits-aug2")
        .contains("with 2 deformed copies of every image").contains("seed 7");
    BufferedImage grid = ImageIO.read(report.resolve("augmentations.png").toFile());
    int labels = (int) Arrays.stream(source.requireSplit(DatasetManifest.TRAIN).labelCounts()).filter(c -> c > 0).count();
    int cellHeight = 3 * source.rows() + 12 + 17;
    assertThat(grid.getHeight()).as("one row of the grid for each of %d labels", labels)
        .isEqualTo(labels * cellHeight + 12);
    assertThat(grid.getWidth()).as("the original and two copies in a row").isEqualTo(3 * (Math.max(110,
        3 * source.columns()) + 12) + 12);
  }

  @Test
  void theSameSeedWritesTheSameBytesAndAnotherSeedOthers() throws IOException {
    StorageLayout first = ingested("first");
    StorageLayout second = ingested("second");
    new DatasetAugmentation(spark(), first).augment("digits", "more", SPEC);
    new DatasetAugmentation(spark(), second).augment("digits", "more", SPEC);
    new DatasetAugmentation(spark(), second).augment("digits", "reseeded", new AugmentSpec(2, 8, PARAMETERS));

    List<Row> once = rows(first, "more", DatasetManifest.TRAIN);
    List<Row> again = rows(second, "more", DatasetManifest.TRAIN);
    List<Row> reseeded = rows(second, "reseeded", DatasetManifest.TRAIN);
    int differ = 0;
    for (int i = 0; i < once.size(); i++) {
      assertThat(pixels(again.get(i))).as("image %d of a second run", i).containsExactly(pixels(once.get(i)));
      differ += Arrays.equals(pixels(reseeded.get(i)), pixels(once.get(i))) ? 0 : 1;
    }
    assertThat(differ).as("images of another seed that differ: every copy but the originals")
        .isEqualTo(2 * trainCount);
  }

  @Test
  void augmentingAgainAsBeforeRewritesNothing() throws IOException {
    StorageLayout layout = ingested("again");
    DatasetAugmentation augmentation = new DatasetAugmentation(spark(), layout);
    DatasetWriter.Result first = augmentation.augment("digits", "more", SPEC);
    Path root = dir.resolve("again");
    List<String> before = files(root.resolve("datasets/more"));

    DatasetWriter.Result again = augmentation.augment("digits", "more", SPEC);

    assertThat(again.unchanged()).isTrue();
    assertThat(again.version()).isEqualTo(first.version());
    assertThat(files(root.resolve("datasets/more"))).as("no file rewritten, no version added")
        .containsExactlyInAnyOrderElementsOf(before);

    DatasetWriter.Result stronger = augmentation.augment("digits", "more",
        new AugmentSpec(2, 7, new DeformationParameters(40, 4, 15, 0.1, 0.2, 2)));
    assertThat(stronger.unchanged()).as("other parameters make other content").isFalse();
    assertThat(DatasetFolders.versionLog(root, "more")).hasSize(2);
    assertThat(DatasetFolders.current(root, "more").getFileName().toString()).isEqualTo(stronger.version());
  }

  @Test
  void aSourceThatIsNotThereOrTheTargetItselfAreRefused() throws IOException {
    StorageLayout layout = ingested("refused");
    DatasetAugmentation augmentation = new DatasetAugmentation(spark(), layout);

    assertThatThrownBy(() -> augmentation.augment("nothing", "more", SPEC)).isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("no dataset 'nothing' under");
    assertThatThrownBy(() -> augmentation.augment("digits", "digits", SPEC)).isInstanceOf(UsageException.class)
        .hasMessage("dataset 'digits' cannot be augmented into itself: name another target");
    assertThat(dir.resolve("refused/datasets/more")).doesNotExist();
  }

  private static long ink(byte[] image) {
    long sum = 0;
    for (byte pixel : image) {
      sum += Byte.toUnsignedInt(pixel);
    }
    return sum;
  }

  /** Every file and folder under {@code folder}, with its modification time. */
  private static List<String> files(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.map(file -> file + " " + file.toFile().lastModified()).toList();
    }
  }
}
