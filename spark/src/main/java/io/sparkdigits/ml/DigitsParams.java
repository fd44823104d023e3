package io.sparkdigits.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The columns that {@link DigitsClassifier} and {@link DigitsClassificationModel} share, named as
 * MLlib's classifiers name theirs, with their getters and chaining setters. Each class holds its
 * own {@link Param}s (a Param belongs to one instance), made here.
 *
 * @param <T> the class itself, which the setters return
 */
public interface DigitsParams<T extends DigitsParams<T>> extends Params {
  /** The images: binary (raw pixels, or PNG/JPEG), array of numbers or vector; see the class docs. */
  Param<String> featuresCol();

  /** The predicted class, as a double, as MLlib's classifiers give it. */
  Param<String> predictionCol();

  /** Every class's probability, an {@code ml.linalg.Vector}. */
  Param<String> probabilityCol();

  static Param<String> featuresColParam(String uid) {
    return new Param<>(uid, "featuresCol", "features column: binary (raw pixels, one byte each, or a PNG/JPEG "
        + "file), array<int|float|double> or vector, on the IDX scale 0 to 255");
  }

  static Param<String> predictionColParam(String uid) {
    return new Param<>(uid, "predictionCol", "prediction column name");
  }

  static Param<String> probabilityColParam(String uid) {
    return new Param<>(uid, "probabilityCol", "column name for predicted class conditional probabilities");
  }

  /** Sets the defaults of the shared columns: the ingest schema's images, MLlib's output names. */
  default void setColumnDefaults() {
    setDefault(featuresCol(), "pixels");
    setDefault(predictionCol(), "prediction");
    setDefault(probabilityCol(), "probability");
  }

  default String getFeaturesCol() {
    return $(featuresCol());
  }

  default String getPredictionCol() {
    return $(predictionCol());
  }

  default String getProbabilityCol() {
    return $(probabilityCol());
  }

  default T setFeaturesCol(String value) {
    return self(set(featuresCol(), value));
  }

  default T setPredictionCol(String value) {
    return self(set(predictionCol(), value));
  }

  default T setProbabilityCol(String value) {
    return self(set(probabilityCol(), value));
  }

  @SuppressWarnings("unchecked")
  private T self(Params params) {
    return (T) params;
  }
}
