package io.sparkdigits.spark.dataset;

import io.sparkdigits.core.UsageException;
import java.util.Optional;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * A table's images and labels as the training split of an ingested dataset holds them ({@link
 * DigitsSchema}'s index, label and pixels): each row numbered from 0 in the DataFrame's order, its
 * label an int, its image one byte a pixel. Every row is checked when they are counted, before any
 * training, and the first problem fails the count with its own message, naming the column.
 */
public record TableExamples(Dataset<Row> rows, long count) {
  /** The ingest schema's columns that training reads. */
  private static final StructType SCHEMA = new StructType(new StructField[] {DigitsSchema.SCHEMA.apply(DigitsSchema.INDEX),
      DigitsSchema.SCHEMA.apply(DigitsSchema.LABEL), DigitsSchema.SCHEMA.apply(DigitsSchema.PIXELS)});

  public static void requireLabelType(StructType schema, String column) {
    DataType type = PixelColumn.fieldType(schema, column, "label");
    if (!(type.equals(DataTypes.ByteType) || type.equals(DataTypes.ShortType) || type.equals(DataTypes.IntegerType)
        || type.equals(DataTypes.LongType))) {
      throw new UsageException("label column " + column + " is of type " + type.simpleString()
          + ", not an integer type");
    }
  }

  /**
   * The rows of {@code data} as examples for a network of {@code classes} classes: the columns' types
   * checked at once, their values as they are counted.
   */
  public static TableExamples of(Dataset<Row> data, PixelColumn features, String labelColumn, int classes) {
    PixelColumn.requireType(data.schema(), features.column());
    requireLabelType(data.schema(), labelColumn);
    Dataset<Row> rows = data.sparkSession().createDataFrame(
        data.select(features.column(), labelColumn).javaRDD().zipWithIndex().map(new ToExample(features, labelColumn,
            classes)), SCHEMA);
    try {
      return new TableExamples(rows, rows.count());
    } catch (Exception e) {
      // Scala's SparkException is a checked exception that Java's compiler does not see thrown
      Optional<UsageException> mistake = userError(e);
      if (mistake.isPresent()) {
        throw mistake.get();
      }
      throw e;
    }
  }

  /**
   * The user's mistake that failed a Spark job, when that is what failed it: Spark hands an
   * executor's exception back as the cause of its own.
   */
  private static Optional<UsageException> userError(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof UsageException mistake) {
        return Optional.of(mistake);
      }
    }
    return Optional.empty();
  }

  private static final class ToExample implements Function<Tuple2<Row, Long>, Row> {
    private static final long serialVersionUID = 1L;
    private final PixelColumn features;
    private final String labelColumn;
    private final int classes;

    ToExample(PixelColumn features, String labelColumn, int classes) {
      this.features = features;
      this.labelColumn = labelColumn;
      this.classes = classes;
    }

    @Override
    public Row call(Tuple2<Row, Long> numbered) {
      Row row = numbered._1();
      if (row.isNullAt(1)) {
        throw new UsageException("label column " + labelColumn + " has a null value");
      }
      long label = ((Number) row.get(1)).longValue();
      if (label < 0 || label >= classes) {
        throw new UsageException("label column " + labelColumn + " has the label " + label + ", outside 0 to "
            + (classes - 1) + " (the network's " + classes + " classes)");
      }
      return RowFactory.create(Math.toIntExact(numbered._2()), (int) label, features.pixels(row.get(0)));
    }
  }
}
