package io.sparkdigits.core.idx;

import io.sparkdigits.core.UsageException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a split's image and label files through once and checks everything a reader will rely on:
 * magic numbers and types, image dimensions, that both files hold the same number of items and
 * exactly the bytes their headers announce, and that every label is below the number of classes.
 * Along the way it computes the SHA-256 of each file's decompressed content.
 */
public final class IdxValidator {
  private final FileSystem fs;
  private final int numClasses;

  public IdxValidator(FileSystem fs, int numClasses) {
    requireNumClasses(numClasses);
    this.fs = fs;
    this.numClasses = numClasses;
  }

  /** Labels are unsigned bytes: 2 to 256 classes. */
  public static void requireNumClasses(int numClasses) {
    if (numClasses < 2 || numClasses > 256) {
      throw new UsageException("number of classes must be 2 to 256, got " + numClasses);
    }
  }

  public IdxSplitSummary validate(IdxSplitFiles files) throws IOException {
    Path imagesPath = new Path(files.images());
    Path labelsPath = new Path(files.labels());
    requireFile(imagesPath);
    requireFile(labelsPath);

    MessageDigest imagesDigest = sha256();
    IdxFileSummary imagesSummary;
    int count;
    int rows;
    int columns;
    try (IdxInput images = IdxInput.open(fs, imagesPath, imagesDigest)) {
      IdxHeader header = images.header();
      if (header.dimensions().length != 3) {
        throw new IdxFormatException(files.images(), "an image file has 3 dimensions (count x rows x columns), "
            + "this one has " + header.dimensions().length + " (shape " + header.shape() + ")");
      }
      count = header.count();
      if (count == 0) {
        throw new IdxFormatException(files.images(), "holds no images");
      }
      rows = header.dimensions()[1];
      columns = header.dimensions()[2];
      if (rows == 0 || columns == 0) {
        throw new IdxFormatException(files.images(), "images of size " + rows + " x " + columns + " hold no pixels");
      }
      byte[] image = new byte[Math.toIntExact(header.itemBytes())];
      for (int i = 0; i < count; i++) {
        images.readItem(image);
      }
      images.requireEndOfData();
      imagesSummary = summary(images, imagesPath, imagesDigest);
    }

    MessageDigest labelsDigest = sha256();
    long[] labelCounts = new long[numClasses];
    IdxFileSummary labelsSummary;
    try (IdxInput labels = IdxInput.open(fs, labelsPath, labelsDigest)) {
      IdxHeader header = labels.header();
      if (header.dimensions().length != 1) {
        throw new IdxFormatException(files.labels(), "a label file has 1 dimension (count), this one has "
            + header.dimensions().length + " (shape " + header.shape() + ")");
      }
      if (header.count() != count) {
        throw new IdxFormatException(files.labels(), "holds " + header.count() + " labels but "
            + files.images() + " holds " + count + " images");
      }
      byte[] label = new byte[1];
      for (int i = 0; i < count; i++) {
        labels.readItem(label);
        int value = Byte.toUnsignedInt(label[0]);
        if (value >= numClasses) {
          throw new IdxFormatException(files.labels(), "label " + value + " of item " + i
              + " is out of range: expected 0 to " + (numClasses - 1) + " for " + numClasses + " classes");
        }
        labelCounts[value]++;
      }
      labels.requireEndOfData();
      labelsSummary = summary(labels, labelsPath, labelsDigest);
    }

    return new IdxSplitSummary(files.split(), count, rows, columns, labelCounts, imagesSummary, labelsSummary);
  }

  private void requireFile(Path path) throws IOException {
    if (!fs.exists(path)) {
      throw new IdxFormatException(path.toString(), "no such file");
    }
    if (!fs.getFileStatus(path).isFile()) {
      throw new IdxFormatException(path.toString(), "not a file");
    }
  }

  private IdxFileSummary summary(IdxInput input, Path path, MessageDigest digest) {
    IdxHeader header = input.header();
    return new IdxFileSummary(fs.makeQualified(path).toString(), input.compressed(),
        header.headerBytes() + header.dataBytes(), HexFormat.of().formatHex(digest.digest()));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
