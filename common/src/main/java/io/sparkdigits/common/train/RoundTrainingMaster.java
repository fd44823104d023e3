package io.sparkdigits.common.train;

import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;

/**
 * DL4J's parameter averaging master, driven one round at a time: {@link #fitRound} is DL4J's own
 * iteration (the broadcast of parameters and updater state, every worker fitting its partition
 * from them, the aggregation and the average) on an RDD that holds the round alone. DL4J's public
 * entry point counts its RDD, a pass that would build every minibatch only to count it, and then
 * cuts it into rounds by random splits, each a pass over all of it.
 */
final class RoundTrainingMaster extends ParameterAveragingTrainingMaster {
  private static final long serialVersionUID = 1L;

  RoundTrainingMaster(Builder builder) {
    super(builder);
  }

  /** Round {@code number} of {@code rounds}: {@code round} has one partition per worker, that worker's minibatches. */
  void fitRound(SparkDl4jMultiLayer network, JavaRDD<DataSet> round, int number, int rounds) {
    doIteration(network, round, number, rounds);
  }
}
