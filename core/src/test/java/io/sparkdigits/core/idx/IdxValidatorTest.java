package io.sparkdigits.core.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.testing.IdxFiles;
import io.sparkdigits.core.testing.MnistFiles;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxValidatorTest {
  @TempDir Path dir;
  private FileSystem fs;
  private final SyntheticDigits digits = new SyntheticDigits(50, 6, 5, 10, 7);

  @BeforeEach
  void localFileSystem() throws IOException {
    fs = FileSystem.getLocal(new Configuration());
  }

  private IdxSplitSummary validate(byte[] images, byte[] labels) throws IOException {
    Path imagesFile = IdxFiles.write(dir.resolve("images"), images);
    Path labelsFile = IdxFiles.write(dir.resolve("labels"), labels);
    return new IdxValidator(fs, 10).validate(new IdxSplitFiles("train", imagesFile.toString(), labelsFile.toString()));
  }

  @Test
  void validFilesAreSummarised() throws IOException {
    IdxSplitSummary summary = validate(digits.imagesIdx(), digits.labelsIdx());

    assertThat(summary.count()).isEqualTo(50);
    assertThat(summary.rows()).isEqualTo(6);
    assertThat(summary.columns()).isEqualTo(5);
    assertThat(Arrays.stream(summary.labelCounts()).sum()).isEqualTo(50);
    assertThat(summary.images().bytes()).isEqualTo(digits.imagesIdx().length);
    assertThat(summary.images().sha256()).isEqualTo(sha256(digits.imagesIdx()));
    assertThat(summary.images().compressed()).isFalse();
  }

  @Test
  void gzipIsRecognisedByContentAndChecksumsTheDecompressedBytes() throws IOException {
    IdxSplitSummary raw = validate(digits.imagesIdx(), digits.labelsIdx());
    IdxSplitSummary gzipped = validate(IdxFiles.gzip(digits.imagesIdx()), IdxFiles.gzip(digits.labelsIdx()));

    assertThat(gzipped.images().compressed()).isTrue();
    assertThat(gzipped.images().sha256()).as("same content, same checksum").isEqualTo(raw.images().sha256());
    assertThat(gzipped.labels().sha256()).isEqualTo(raw.labels().sha256());
  }

  @Test
  void badMagicNumberIsNamed() {
    byte[] images = digits.imagesIdx();
    images[0] = 0x1f;
    assertThatThrownBy(() -> validate(images, digits.labelsIdx()))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(dir.resolve("images").toString())
        .hasMessageContaining("bad magic number");
  }

  @Test
  void unsupportedDataTypeIsNamed() {
    byte[] floats = IdxFiles.idx(0x0D, new int[] {50, 6, 5}, new byte[50 * 30 * 4]);
    assertThatThrownBy(() -> validate(floats, digits.labelsIdx()))
        .hasMessageContaining("unsupported IDX data type 0x0d (float)");
  }

  @Test
  void truncatedImagesAreReportedWithTheItemWhereTheyEnd() {
    byte[] images = Arrays.copyOf(digits.imagesIdx(), 16 + 30 * 20 + 7);
    assertThatThrownBy(() -> validate(images, digits.labelsIdx()))
        .hasMessageContaining(dir.resolve("images").toString())
        .hasMessageContaining("truncated")
        .hasMessageContaining("ends in item 20");
  }

  @Test
  void truncatedGzipStreamIsReported() {
    byte[] gzipped = IdxFiles.gzip(digits.imagesIdx());
    byte[] cut = Arrays.copyOf(gzipped, gzipped.length / 2);
    assertThatThrownBy(() -> validate(cut, digits.labelsIdx()))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(dir.resolve("images").toString());
  }

  @Test
  void corruptGzipDataIsReported() {
    byte[] gzipped = IdxFiles.gzip(digits.imagesIdx());
    for (int i = 20; i < gzipped.length - 10; i += 7) {
      gzipped[i] ^= 0x5a;
    }
    assertThatThrownBy(() -> validate(gzipped, digits.labelsIdx()))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(dir.resolve("images").toString());
  }

  @Test
  void headerTruncatedIsReported() {
    assertThatThrownBy(() -> validate(new byte[] {0, 0, 8, 3, 0, 0}, digits.labelsIdx()))
        .hasMessageContaining("ends inside its IDX header");
  }

  @Test
  void trailingBytesAreReported() {
    byte[] images = Arrays.copyOf(digits.imagesIdx(), digits.imagesIdx().length + 3);
    assertThatThrownBy(() -> validate(images, digits.labelsIdx()))
        .hasMessageContaining("unexpected bytes after the 50 items");
  }

  @Test
  void mismatchedCountsNameBothFiles() {
    byte[] labels = IdxFiles.labels(Arrays.copyOf(digits.labels, 49));
    assertThatThrownBy(() -> validate(digits.imagesIdx(), labels))
        .hasMessageContaining(dir.resolve("labels").toString())
        .hasMessageContaining("holds 49 labels but")
        .hasMessageContaining("holds 50 images");
  }

  @Test
  void labelOutOfRangeIsReportedWithItsPosition() {
    byte[] labels = digits.labels.clone();
    labels[13] = 12;
    assertThatThrownBy(() -> validate(digits.imagesIdx(), IdxFiles.labels(labels)))
        .hasMessageContaining("label 12 of item 13 is out of range: expected 0 to 9");
  }

  @Test
  void imagesMustHaveThreeDimensionsAndLabelsOne() {
    byte[] flat = IdxFiles.idx(0x08, new int[] {50, 30}, digits.pixels);
    assertThatThrownBy(() -> validate(flat, digits.labelsIdx())).hasMessageContaining("an image file has 3 dimensions");
    assertThatThrownBy(() -> validate(digits.imagesIdx(), digits.imagesIdx()))
        .hasMessageContaining("a label file has 1 dimension");
  }

  @Test
  void labelsAndImagesSwappedAreCaught() {
    assertThatThrownBy(() -> validate(digits.labelsIdx(), digits.imagesIdx()))
        .hasMessageContaining(dir.resolve("images").toString())
        .hasMessageContaining("3 dimensions");
  }

  @Test
  void missingFileIsNamed() {
    assertThatThrownBy(() -> new IdxValidator(fs, 10)
            .validate(new IdxSplitFiles("train", dir.resolve("nope").toString(), dir.resolve("nope2").toString())))
        .hasMessageContaining(dir.resolve("nope").toString())
        .hasMessageContaining("no such file");
  }

  @Test
  void emptyDatasetIsRejected() {
    assertThatThrownBy(() -> validate(IdxFiles.images(0, 6, 5, new byte[0]), IdxFiles.labels(new byte[0])))
        .hasMessageContaining("holds no images");
  }

  @Test
  void realMnistMatchesThePublishedChecksums() throws IOException {
    Path mnist = MnistFiles.folder().orElse(null);
    Assumptions.assumeTrue(mnist != null, "the real MNIST files are not on this machine");
    IdxSplitSummary test = new IdxValidator(fs, 10).validate(new IdxSplitFiles("test",
        mnist.resolve("t10k-images-idx3-ubyte.gz").toString(), mnist.resolve("t10k-labels-idx1-ubyte.gz").toString()));

    assertThat(test.count()).isEqualTo(10_000);
    assertThat(test.pixels()).isEqualTo(784);
    assertThat(test.labelCounts()).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
    // the MD5 that MNIST's README publishes for the decompressed test images
    assertThat(md5OfGunzipped(mnist.resolve("t10k-images-idx3-ubyte.gz"))).isEqualTo("2646ac647ad5339dbf082846283269ea");
    assertThat(test.images().bytes()).isEqualTo(7_840_016);
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static String md5OfGunzipped(Path gz) throws IOException {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      try (InputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(gz)), md5)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(md5.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
