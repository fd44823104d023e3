package io.sparkdigits.ml;

import io.sparkdigits.core.testing.SyntheticDigits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Synthetic digits as DataFrames in the ingest schema's columns: {@code label} (int) and {@code pixels} (binary). */
final class DigitFrames {
  static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.IntegerType, false)
      .add("pixels", DataTypes.BinaryType, false);

  private DigitFrames() {}

  static Dataset<Row> of(SparkSession spark, int count, long seed) {
    SyntheticDigits digits = new SyntheticDigits(count, 28, 28, 10, seed);
    List<Row> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      rows.add(RowFactory.create((int) digits.labels[i], Arrays.copyOfRange(digits.pixels, i * 784, (i + 1) * 784)));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }
}
