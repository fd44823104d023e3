package io.sparkdigits.common.train;

import io.sparkdigits.common.metrics.EvaluationReport;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

/** Scores a model on a labelled RDD on the executors: the model is broadcast, the counts come back. */
public final class DistributedEvaluator {
  /** Examples per forward pass on an executor: larger than a training batch, small enough for any heap. */
  private static final int EVALUATION_BATCH_SIZE = 256;

  private final JavaSparkContext sc;

  public DistributedEvaluator(JavaSparkContext sc) {
    this.sc = sc;
  }

  public EvaluationReport evaluate(MultiLayerNetwork model, JavaRDD<DataSet> data) {
    // DL4J broadcasts the network's parameter array itself for scoring; when Spark cleans that
    // broadcast up it closes the array (INDArray is AutoCloseable), which would free the caller's
    // model in local mode. Scoring a copy keeps the caller's model intact.
    SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, model.clone(), null);
    int numClasses = model.layerSize(model.getnLayers() - 1);
    Evaluation evaluation = sparkNet.doEvaluation(data, new Evaluation(numClasses), EVALUATION_BATCH_SIZE);
    double loss = sparkNet.calculateScore(data, true, EVALUATION_BATCH_SIZE);
    return EvaluationReport.of(evaluation, numClasses, loss);
  }
}
