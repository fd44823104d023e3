package io.sparkdigits.jobs;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.ml.DigitsClassificationModel;
import io.sparkdigits.spark.predict.Predictor;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A table's predictions as the predict job writes every input's ({@link Predictor#SCHEMA}), scored
 * by the Spark ML model's {@code transform}: the id column as the id, the predicted digit and
 * every class's probability. A bad image fails the job, naming the column, as {@code transform} does.
 */
final class TablePredictions {
  private TablePredictions() {}

  static Dataset<Row> of(Dataset<Row> table, String source, MultiLayerNetwork network, String imageColumn,
      String idColumn) {
    if (!Arrays.asList(table.columns()).contains(idColumn)) {
      throw new UsageException(source + ": no column " + idColumn + " (--id-col); its columns: "
          + String.join(", ", table.columns()));
    }
    DigitsClassificationModel model = new DigitsClassificationModel(network).setFeaturesCol(imageColumn);
    return model.transform(table).select(
        col(idColumn).cast(DataTypes.StringType).as(Predictor.ID),
        col(model.getPredictionCol()).cast(DataTypes.IntegerType).as(Predictor.PREDICTED),
        vector_to_array(col(model.getProbabilityCol()), "float32").as(Predictor.PROBABILITIES),
        lit(null).cast(DataTypes.StringType).as(Predictor.ERROR));
  }
}
