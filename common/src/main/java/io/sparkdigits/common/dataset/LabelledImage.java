package io.sparkdigits.common.dataset;

import java.io.Serializable;
import org.apache.spark.sql.Row;

/**
 * One example of a split in its compact form, as training moves it between executors: its index in
 * the split, its label, and its pixels as the dataset stores them (unsigned bytes, row-major). A
 * class rather than a record, because Spark ships it with Kryo, whose field serializer cannot
 * build records.
 */
public final class LabelledImage implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int index;
  private final int label;
  private final byte[] pixels;

  public LabelledImage(int index, int label, byte[] pixels) {
    this.index = index;
    this.label = label;
    this.pixels = pixels;
  }

  /** The example a row of {@link DigitsSchema} holds. */
  public static LabelledImage of(Row row) {
    return new LabelledImage(row.<Integer>getAs(DigitsSchema.INDEX), row.<Integer>getAs(DigitsSchema.LABEL),
        row.getAs(DigitsSchema.PIXELS));
  }

  public int index() {
    return index;
  }

  public int label() {
    return label;
  }

  public byte[] pixels() {
    return pixels;
  }
}
