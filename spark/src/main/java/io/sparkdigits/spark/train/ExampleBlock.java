package io.sparkdigits.spark.train;

import io.sparkdigits.spark.dataset.DigitsSchema;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * Examples of a training split in their compact form, many to an object: their indices in the
 * split, their labels, and their images one after another, {@link #pixels} bytes each (unsigned,
 * row-major, as the dataset stores them). Training keeps the split on disk and deals it to the
 * workers every epoch as blocks rather than as an object per example: Spark's work per record (its
 * iterators, serialization streams, shuffle writers and readers) and the garbage of a record are
 * paid once a block, and what runs once an example is a copy between arrays.
 *
 * <p>A block is filled once ({@link #add}) and read after; {@link #write} and {@link #read} are its
 * one binary form, for Kryo's copy on disk and for the epoch's shuffle alike (Java's serialization,
 * where a user configures it, writes its fields).
 */
final class ExampleBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int pixels;
  private final int[] indices;
  private final int[] labels;
  private final byte[] images;
  private int size;

  /** An empty block for up to {@code capacity} examples of {@code pixels} pixels each. */
  ExampleBlock(int pixels, int capacity) {
    this.pixels = pixels;
    this.indices = new int[capacity];
    this.labels = new int[capacity];
    this.images = new byte[Math.multiplyExact(pixels, capacity)];
  }

  /**
   * The rows of {@link DigitsSchema} (index, label and pixels, in that order) as blocks of at most
   * {@code blockSize} examples, each built as it is taken; fails on an image of other than
   * {@code pixels} pixels.
   */
  static Iterator<ExampleBlock> fromRows(Iterator<Row> rows, int pixels, int blockSize) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public ExampleBlock next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ExampleBlock block = new ExampleBlock(pixels, blockSize);
        while (block.size < blockSize && rows.hasNext()) {
          Row row = rows.next();
          int index = row.getInt(0);
          byte[] image = (byte[]) row.get(2);
          if (image.length != pixels) {
            throw new IllegalArgumentException("image " + index + " has " + image.length + " pixels where " + pixels
                + " were expected");
          }
          block.add(index, row.getInt(1), image, 0);
        }
        return block;
      }
    };
  }

  int size() {
    return size;
  }

  int pixels() {
    return pixels;
  }

  int index(int example) {
    return indices[example];
  }

  int label(int example) {
    return labels[example];
  }

  /** Copies example {@code example}'s image into {@code target} from {@code offset} on. */
  void copyImage(int example, byte[] target, int offset) {
    System.arraycopy(images, example * pixels, target, offset, pixels);
  }

  /** Appends an example whose image is the {@link #pixels} bytes of {@code image} from {@code offset} on. */
  void add(int index, int label, byte[] image, int offset) {
    indices[size] = index;
    labels[size] = label;
    System.arraycopy(image, offset, images, size * pixels, pixels);
    size++;
  }

  /** Appends example {@code example} of {@code source}, a block of images of this one's size. */
  void add(ExampleBlock source, int example) {
    add(source.indices[example], source.labels[example], source.images, example * source.pixels);
  }

  /** Writes the block's examples: its pixels per image and size, then its indices, labels and images. */
  void write(DataOutput out) throws IOException {
    out.writeInt(pixels);
    out.writeInt(size);
    ByteBuffer ints = ByteBuffer.allocate(2 * Integer.BYTES * size);
    ints.asIntBuffer().put(indices, 0, size).put(labels, 0, size);
    out.write(ints.array());
    out.write(images, 0, size * pixels);
  }

  /** Reads a block {@link #write} wrote; fails on sizes no block has. */
  static ExampleBlock read(DataInput in) throws IOException {
    int pixels = in.readInt();
    int size = in.readInt();
    if (pixels < 1 || size < 0 || (long) pixels * size > Integer.MAX_VALUE - 16) {
      throw new IOException("corrupt block of examples: " + size + " images of " + pixels + " pixels");
    }
    ExampleBlock block = new ExampleBlock(pixels, size);
    byte[] ints = new byte[2 * Integer.BYTES * size];
    in.readFully(ints);
    ByteBuffer.wrap(ints).asIntBuffer().get(block.indices).get(block.labels);
    in.readFully(block.images);
    block.size = size;
    return block;
  }
}
