package io.sparkdigits.spark.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.idx.IdxFormatException;
import io.sparkdigits.core.idx.IdxSplitFiles;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.manifest.ValidationSplit;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.core.testing.IdxFiles;
import io.sparkdigits.spark.testing.SparkTestBase;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxIngestionTest extends SparkTestBase {
  @TempDir Path dir;
  private StorageLayout layout;
  // more items than one ingest chunk holds, so that raw files are read by several tasks
  private final SyntheticDigits train = new SyntheticDigits(40_000, 4, 3, 10, 1);
  private final SyntheticDigits test = new SyntheticDigits(300, 4, 3, 10, 2);

  @BeforeEach
  void storage() throws IOException {
    layout = StorageLayout.at(dir.resolve("warehouse").toString(), new Configuration());
  }

  private List<IdxSplitFiles> writeSources(Path folder, boolean gzip) {
    train.writeMnistFiles(folder, "train", gzip);
    test.writeMnistFiles(folder, "t10k", gzip);
    String suffix = gzip ? ".gz" : "";
    return List.of(
        new IdxSplitFiles("train", folder.resolve("train-images-idx3-ubyte" + suffix).toString(),
            folder.resolve("train-labels-idx1-ubyte" + suffix).toString()),
        new IdxSplitFiles("test", folder.resolve("t10k-images-idx3-ubyte" + suffix).toString(),
            folder.resolve("t10k-labels-idx1-ubyte" + suffix).toString()));
  }

  @Test
  void rawFilesRoundTripThroughParquet() throws IOException {
    DatasetWriter.Result result = new IdxIngestion(spark(), layout).ingest("digits", writeSources(dir.resolve("raw"), false), 10, ValidationSplit.NONE);

    assertThat(result.unchanged()).isFalse();
    assertSplitMatches("train", train);
    assertSplitMatches("test", test);
    assertThat(result.manifest().requireSplit("train").count()).isEqualTo(40_000);
    assertThat(result.manifest().rows()).isEqualTo(4);
    assertThat(result.manifest().columns()).isEqualTo(3);
  }

  @Test
  void gzipFilesGiveTheSameDatasetAsRawOnes() throws IOException {
    IdxIngestion ingestion = new IdxIngestion(spark(), layout);
    DatasetManifest raw = ingestion.ingest("raw", writeSources(dir.resolve("raw"), false), 10, ValidationSplit.NONE).manifest();
    DatasetManifest gzipped = ingestion.ingest("gz", writeSources(dir.resolve("gz"), true), 10, ValidationSplit.NONE).manifest();

    assertThat(gzipped.sameContentAs(raw)).as("checksums are of the decompressed content").isTrue();
    assertSplitMatches("train", train, "gz");
  }

  @Test
  void datasetIsPlainParquetWithRawPixelBytes() throws IOException {
    DatasetWriter.Result result = new IdxIngestion(spark(), layout).ingest("digits", writeSources(dir.resolve("raw"), false), 10, ValidationSplit.NONE);
    Path parquetFile;
    try (Stream<Path> files = Files.walk(Path.of(result.dataset().toUri()).resolve("split=test"))) {
      parquetFile = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(parquetFile.toUri()), new Configuration()))) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      assertThat(schema.getType(DigitsSchema.PIXELS).asPrimitiveType().getPrimitiveTypeName())
          .isEqualTo(PrimitiveTypeName.BINARY);
      assertThat(schema.getType(DigitsSchema.LABEL).asPrimitiveType().getPrimitiveTypeName())
          .isEqualTo(PrimitiveTypeName.INT32);
      assertThat(reader.getRecordCount()).isPositive();
    }
  }

  @Test
  void ingestingTheSameContentAgainChangesNothing() throws IOException {
    IdxIngestion ingestion = new IdxIngestion(spark(), layout);
    DatasetWriter.Result first = ingestion.ingest("digits", writeSources(dir.resolve("raw"), false), 10, ValidationSplit.NONE);
    List<String> before = datasetFiles();

    DatasetWriter.Result again = ingestion.ingest("digits", writeSources(dir.resolve("gz"), true), 10, ValidationSplit.NONE);

    assertThat(again.unchanged()).isTrue();
    assertThat(again.version()).as("the current version").isEqualTo(first.version());
    assertThat(datasetFiles()).as("no file was rewritten, no version added").containsExactlyInAnyOrderElementsOf(before);
    assertThat(spark().read().parquet(again.dataset().toString()).count()).isEqualTo(40_300);
  }

  @Test
  void newContentBecomesTheCurrentVersion() throws IOException {
    IdxIngestion ingestion = new IdxIngestion(spark(), layout);
    DatasetWriter.Result first = ingestion.ingest("digits", writeSources(dir.resolve("first"), false), 10, ValidationSplit.NONE);

    SyntheticDigits smaller = new SyntheticDigits(500, 4, 3, 10, 3);
    Path second = dir.resolve("second");
    smaller.writeMnistFiles(second, "train", false);
    test.writeMnistFiles(second, "t10k", false);
    DatasetWriter.Result replaced = ingestion.ingest("digits", List.of(
        new IdxSplitFiles("train", second.resolve("train-images-idx3-ubyte").toString(),
            second.resolve("train-labels-idx1-ubyte").toString()),
        new IdxSplitFiles("test", second.resolve("t10k-images-idx3-ubyte").toString(),
            second.resolve("t10k-labels-idx1-ubyte").toString())), 10, ValidationSplit.NONE);

    assertThat(replaced.unchanged()).isFalse();
    assertThat(replaced.version()).isNotEqualTo(first.version());
    assertThat(replaced.manifest().version()).isEqualTo(replaced.version());
    assertSplitMatches("train", smaller);
    assertThat(scratchLeftovers()).isEmpty();
  }

  @Test
  void badInputWritesNothing() {
    List<IdxSplitFiles> sources = writeSources(dir.resolve("raw"), false);
    byte[] labels = test.labels.clone();
    labels[7] = 10;
    IdxFiles.write(Path.of(sources.get(1).labels()), IdxFiles.labels(labels));

    assertThatThrownBy(() -> new IdxIngestion(spark(), layout).ingest("digits", sources, 10, ValidationSplit.NONE))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(sources.get(1).labels())
        .hasMessageContaining("label 10 of item 7");
    assertThat(Files.exists(Path.of(layout.dataset("digits").toUri()))).isFalse();
    assertThat(scratchLeftovers()).isEmpty();
  }

  private void assertSplitMatches(String split, SyntheticDigits expected) throws IOException {
    assertSplitMatches(split, expected, "digits");
  }

  /** The split of the dataset's current version, as every stage reads it. */
  private void assertSplitMatches(String split, SyntheticDigits expected, String dataset) throws IOException {
    List<Row> rows = DigitsDataset.open(spark(), layout, dataset).split(split)
        .orderBy(DigitsSchema.INDEX)
        .collectAsList();
    assertThat(rows).hasSize(expected.count);
    int pixels = expected.rows * expected.columns;
    for (int i = 0; i < expected.count; i++) {
      Row row = rows.get(i);
      assertThat(row.<Integer>getAs(DigitsSchema.INDEX)).isEqualTo(i);
      assertThat(row.<String>getAs(DigitsSchema.SPLIT)).isEqualTo(split);
      assertThat(row.<Integer>getAs(DigitsSchema.LABEL)).as("label of item %d", i).isEqualTo((int) expected.labels[i]);
      byte[] image = row.getAs(DigitsSchema.PIXELS);
      assertThat(image).as("pixels of item %d", i)
          .containsExactly(java.util.Arrays.copyOfRange(expected.pixels, i * pixels, (i + 1) * pixels));
    }
  }

  /** Every file and folder of the dataset, with its modification time. */
  private List<String> datasetFiles() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(layout.dataset("digits").toUri()))) {
      return files.map(file -> file + " " + file.toFile().lastModified()).toList();
    }
  }

  private List<Path> scratchLeftovers() {
    Path scratch = dir.resolve("warehouse").resolve("_tmp");
    if (!Files.exists(scratch)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(scratch)) {
      return files.toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
