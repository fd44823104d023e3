package io.sparkdigits.core.testing;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Labelled images that a small network learns quickly, for tests that must run without the real
 * MNIST files: each class lights its own patch of the image, on a background of noise.
 */
public final class SyntheticDigits {
  public final int count;
  public final int rows;
  public final int columns;
  public final byte[] pixels;
  public final byte[] labels;
  private final int numClasses;

  public SyntheticDigits(int count, int rows, int columns, int numClasses, long seed) {
    this.count = count;
    this.rows = rows;
    this.columns = columns;
    this.numClasses = numClasses;
    this.pixels = new byte[count * rows * columns];
    this.labels = new byte[count];
    Random random = new Random(seed);
    // class k lights cell k of a grid x grid tiling of the image
    int grid = (int) Math.ceil(Math.sqrt(numClasses));
    int cellRows = rows / grid;
    int cellColumns = columns / grid;
    for (int i = 0; i < count; i++) {
      int label = random.nextInt(numClasses);
      labels[i] = (byte) label;
      int top = label / grid * cellRows;
      int left = label % grid * cellColumns;
      int offset = i * rows * columns;
      for (int p = 0; p < rows * columns; p++) {
        pixels[offset + p] = (byte) random.nextInt(60);
      }
      for (int r = top; r < top + cellRows; r++) {
        for (int c = left; c < left + cellColumns; c++) {
          pixels[offset + r * columns + c] = (byte) (180 + random.nextInt(76));
        }
      }
    }
  }

  public byte[] imagesIdx() {
    return IdxFiles.images(count, rows, columns, pixels);
  }

  public byte[] labelsIdx() {
    return IdxFiles.labels(labels);
  }

  /** Writes the images and labels under MNIST's names for {@code prefix} ("train" or "t10k"), gzip'd or raw. */
  public void writeMnistFiles(Path folder, String prefix, boolean gzip) {
    String suffix = gzip ? ".gz" : "";
    IdxFiles.write(folder.resolve(prefix + "-images-idx3-ubyte" + suffix), gzip ? IdxFiles.gzip(imagesIdx()) : imagesIdx());
    IdxFiles.write(folder.resolve(prefix + "-labels-idx1-ubyte" + suffix), gzip ? IdxFiles.gzip(labelsIdx()) : labelsIdx());
  }

  /** How many of the images have each label, the images counted {@code times} over. */
  public long[] labelCounts(int times) {
    long[] counts = new long[numClasses];
    for (byte label : labels) {
      counts[label] += times;
    }
    return counts;
  }

  /**
   * Writes the images and labels {@code times} over, one after another, as one split's raw IDX
   * files under MNIST's names for {@code prefix}: a large split from few distinct images, streamed
   * to the files rather than built in memory.
   */
  public void writeMnistFiles(Path folder, String prefix, int times) throws IOException {
    Files.createDirectories(folder);
    try (DataOutputStream images = idx(folder.resolve(prefix + "-images-idx3-ubyte"), count * times, rows, columns);
         DataOutputStream labelFile = idx(folder.resolve(prefix + "-labels-idx1-ubyte"), count * times)) {
      for (int i = 0; i < times; i++) {
        images.write(pixels);
        labelFile.write(labels);
      }
    }
  }

  private static DataOutputStream idx(Path file, int... dimensions) throws IOException {
    DataOutputStream idx = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20));
    idx.writeInt(0x0800 | dimensions.length);
    for (int dimension : dimensions) {
      idx.writeInt(dimension);
    }
    return idx;
  }
}
