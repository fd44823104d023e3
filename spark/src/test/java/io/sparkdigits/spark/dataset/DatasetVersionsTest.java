package io.sparkdigits.spark.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkdigits.core.idx.IdxSplitFiles;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.manifest.ValidationSplit;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.core.testing.DatasetFolders;
import io.sparkdigits.spark.testing.SparkTestBase;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Dataset versions: what a run opened stays readable while other ingests land, racing ingests leave
 * one version current, superseded versions go once no run can read them, and a dataset written
 * before versions existed still opens.
 */
class DatasetVersionsTest extends SparkTestBase {
  private static final SyntheticDigits TEST = new SyntheticDigits(100, 4, 3, 10, 2);

  @TempDir Path dir;
  private Path root;
  private StorageLayout layout;
  private FileSystem fs;

  @BeforeEach
  void storage() throws IOException {
    root = dir.resolve("warehouse");
    layout = StorageLayout.at(root.toString(), new Configuration());
    fs = layout.fileSystem(new Configuration());
  }

  @Test
  void anOpenedDatasetKeepsReadingItsVersionWhileAnotherIngestLands() throws IOException {
    IdxIngestion ingestion = new IdxIngestion(spark(), layout);
    ingestion.ingest("digits", sources("first", 600), 10, ValidationSplit.NONE);
    DigitsDataset opened = DigitsDataset.open(spark(), layout, "digits");
    Dataset<Row> train = opened.split("train");
    assertThat(train.count()).isEqualTo(600);

    DatasetWriter.Result second = ingestion.ingest("digits", sources("second", 900), 10, ValidationSplit.NONE);

    assertThat(second.unchanged()).isFalse();
    assertThat(train.count()).as("rows of a split read before the ingest").isEqualTo(600);
    assertThat(opened.split("train").count()).as("rows of a split read after it").isEqualTo(600);
    assertThat(opened.minibatches("train", 100, 2).map(DataSet::numExamples).reduce(Integer::sum))
        .as("examples in its minibatches").isEqualTo(600);
    assertThat(opened.manifest().requireSplit("train").count()).isEqualTo(600);
    DigitsDataset reopened = DigitsDataset.open(spark(), layout, "digits");
    assertThat(reopened.version()).as("the newest ingest is current").isEqualTo(second.version())
        .isNotEqualTo(opened.version());
    assertThat(reopened.split("train").count()).isEqualTo(900);
    assertThat(DigitsDataset.open(spark(), layout, "digits", opened.version()).split("train").count())
        .as("the superseded version, opened by its id").isEqualTo(600);
  }

  @Test
  void ingestsRacingFromTheSameVersionLeaveOneCurrentTheNewestContentWinning() throws IOException {
    IdxIngestion ingestion = new IdxIngestion(spark(), layout);
    DatasetWriter.Result winner = ingestion.ingest("digits", sources("first", 600), 10, ValidationSplit.NONE);
    DatasetVersions versions = new DatasetVersions(fs, layout, "digits");

    // another ingest of the same content, which found no version either, commits its own and loses the append
    DatasetManifest same = committedCopy(winner.manifest(), winner.dataset());
    DatasetVersions.Version current = versions.makeCurrent(same, 0);
    assertThat(current.id()).as("the winner stays current").isEqualTo(winner.version());
    assertThat(Files.exists(dir(same.version()))).as("the loser's copy is dropped").isFalse();
    assertThat(DatasetFolders.versionLog(root, "digits")).as("one version became current").hasSize(1);

    // one of other content, which also found no version, goes after the winner
    DatasetWriter.Result elsewhere = ingestion.ingest("other", sources("second", 900), 10, ValidationSplit.NONE);
    DatasetManifest other = committedCopy(elsewhere.manifest(), elsewhere.dataset());
    current = versions.makeCurrent(other, 0);
    assertThat(current.id()).as("the newest content is current").isEqualTo(other.version());
    assertThat(current.number()).isEqualTo(2);
    assertThat(DigitsDataset.open(spark(), layout, "digits").split("train").count()).isEqualTo(900);
  }

  @Test
  void supersededVersionsGoOnceNoRunCanReadThemAndTheCurrentOneStays() throws IOException {
    IdxIngestion ingestion = new IdxIngestion(spark(), layout, Duration.ZERO);
    DatasetWriter.Result first = ingestion.ingest("digits", sources("first", 600), 10, ValidationSplit.NONE);
    Path neverCurrent = dir(StorageLayout.newId());
    Files.createDirectories(neverCurrent);
    Files.setLastModifiedTime(neverCurrent, java.nio.file.attribute.FileTime.fromMillis(0));

    DatasetWriter.Result second = ingestion.ingest("digits", sources("second", 900), 10, ValidationSplit.NONE);
    ingestion.ingest("digits", sources("second", 900), 10, ValidationSplit.NONE);

    assertThat(dir(first.version())).as("superseded longer than the grace (zero here)").doesNotExist();
    assertThat(neverCurrent).as("an old version that never became current").doesNotExist();
    assertThat(dir(second.version())).as("the current version, however old").isDirectory();
    assertThat(DatasetFolders.versionLog(root, "digits")).as("the log keeps every version").hasSize(2);
    assertThatThrownBy(() -> DigitsDataset.open(spark(), layout, "digits", first.version()))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("version " + first.version() + " of dataset 'digits' is gone");
    new IdxIngestion(spark(), layout).ingest("digits", sources("first", 600), 10, ValidationSplit.NONE);
    assertThat(dir(second.version())).as("with the default grace, a superseded version stays").isDirectory();
  }

  @Test
  void aDatasetWrittenBeforeVersionsOpensAsTheLegacyVersionUntilNewContentSupersedesIt() throws IOException {
    writeLegacyDataset(600);

    DigitsDataset legacy = DigitsDataset.open(spark(), layout, "digits");
    assertThat(legacy.version()).isEqualTo(DatasetVersions.LEGACY);
    assertThat(legacy.manifest().version()).isEqualTo(DatasetVersions.LEGACY);
    assertThat(legacy.split("train").count()).isEqualTo(600);
    assertThat(legacy.split("test").count()).isEqualTo(TEST.count);

    DatasetWriter.Result same = new IdxIngestion(spark(), layout).ingest("digits", sources("first", 600), 10, ValidationSplit.NONE);
    assertThat(same.unchanged()).as("the same content as the legacy dataset").isTrue();
    assertThat(same.version()).isEqualTo(DatasetVersions.LEGACY);
    assertThat(DatasetFolders.versionLog(root, "digits")).as("no version written").isEmpty();

    DatasetWriter.Result newer = new IdxIngestion(spark(), layout).ingest("digits", sources("second", 900), 10, ValidationSplit.NONE);
    assertThat(DigitsDataset.open(spark(), layout, "digits").version()).isEqualTo(newer.version());
    assertThat(legacy.split("train").count())
        .as("the legacy version, read beside the new version's directory in its folder").isEqualTo(600);

    new IdxIngestion(spark(), layout, Duration.ZERO).ingest("digits", sources("second", 900), 10, ValidationSplit.NONE);
    try (Stream<Path> left = Files.list(root.resolve("datasets/digits"))) {
      assertThat(left.map(path -> path.getFileName().toString()).filter(name -> !name.startsWith(".")))
          .as("the legacy files are gone once superseded longer than the grace")
          .containsExactlyInAnyOrder("_versions", newer.version());
    }
    assertThat(DigitsDataset.open(spark(), layout, "digits").split("train").count()).isEqualTo(900);
  }

  /** Parquet and a manifest without a version straight in datasets/digits, as ingestion wrote them before versions. */
  private void writeLegacyDataset(int trainCount) throws IOException {
    StorageLayout elsewhere = StorageLayout.at(dir.resolve("elsewhere").toString(), new Configuration());
    DatasetWriter.Result written = new IdxIngestion(spark(), elsewhere).ingest("digits", sources("first", trainCount), 10, ValidationSplit.NONE);
    org.apache.hadoop.fs.Path legacy = layout.dataset("digits");
    fs.mkdirs(legacy.getParent());
    assertThat(fs.rename(written.dataset(), legacy)).isTrue();
    org.apache.hadoop.fs.Path manifestFile = new org.apache.hadoop.fs.Path(legacy, StorageLayout.MANIFEST_FILE);
    ObjectNode manifest = JsonFiles.read(fs, manifestFile, ObjectNode.class);
    manifest.remove("version");
    JsonFiles.write(fs, manifestFile, manifest);
  }

  /** A copy of the version in {@code directory}, committed under a new id as a racing ingest would commit it. */
  private DatasetManifest committedCopy(DatasetManifest manifest, org.apache.hadoop.fs.Path directory)
      throws IOException {
    DatasetManifest copy = manifest.withVersion(StorageLayout.newId());
    org.apache.hadoop.fs.Path target = layout.datasetVersion("digits", copy.version());
    assertThat(FileUtil.copy(fs, directory, fs, target, false, new Configuration())).isTrue();
    JsonFiles.write(fs, new org.apache.hadoop.fs.Path(target, StorageLayout.MANIFEST_FILE), copy);
    return copy;
  }

  private Path dir(String version) {
    return root.resolve("datasets/digits").resolve(version);
  }

  /** MNIST-named IDX files in folder {@code name}: {@code trainCount} training digits, the same test digits always. */
  private List<IdxSplitFiles> sources(String name, int trainCount) {
    Path folder = dir.resolve(name);
    new SyntheticDigits(trainCount, 4, 3, 10, trainCount).writeMnistFiles(folder, "train", false);
    TEST.writeMnistFiles(folder, "t10k", false);
    return List.of(
        new IdxSplitFiles("train", folder.resolve("train-images-idx3-ubyte").toString(),
            folder.resolve("train-labels-idx1-ubyte").toString()),
        new IdxSplitFiles("test", folder.resolve("t10k-images-idx3-ubyte").toString(),
            folder.resolve("t10k-labels-idx1-ubyte").toString()));
  }
}
