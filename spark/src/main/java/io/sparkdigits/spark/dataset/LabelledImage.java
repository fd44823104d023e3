package io.sparkdigits.spark.dataset;

import org.apache.spark.sql.Row;

/**
 * One example of a split in its compact form: its index in the split, its label, and its pixels
 * as the dataset stores them (unsigned bytes, row-major).
 */
public record LabelledImage(int index, int label, byte[] pixels) {
  /** The example a row of {@link DigitsSchema} holds. */
  public static LabelledImage of(Row row) {
    return new LabelledImage(row.<Integer>getAs(DigitsSchema.INDEX), row.<Integer>getAs(DigitsSchema.LABEL),
        row.getAs(DigitsSchema.PIXELS));
  }
}
