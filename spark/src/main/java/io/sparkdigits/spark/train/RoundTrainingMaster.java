package io.sparkdigits.spark.train;

import java.lang.reflect.Field;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DL4J's parameter averaging master, driven one round at a time: {@link #fitRound} is DL4J's own
 * iteration (the broadcast of parameters and updater state, every worker fitting its partition
 * from them, the aggregation and the average) on an RDD that holds the round alone. DL4J's public
 * entry point counts its RDD, a pass that would build every minibatch only to count it, and then
 * cuts it into rounds by random splits, each a pass over all of it.
 *
 * <p>DL4J never destroys the broadcast of a round (1.0.0-M2: the worker holds it in a private
 * field). Spark then keeps its blocks, on the driver and on every executor, until the driver's
 * garbage collector finds the broadcast unreachable, which for an object that lived through a
 * round means an old-generation collection: with a round every second, the blocks of hundreds
 * of rounds piled up and the heaps grew with the data. So each round's broadcast is destroyed
 * when the round is done.
 */
final class RoundTrainingMaster extends ParameterAveragingTrainingMaster {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RoundTrainingMaster.class);
  private static final Field WORKER_BROADCAST = broadcastField();

  private transient ParameterAveragingTrainingWorker roundWorker;

  RoundTrainingMaster(Builder builder) {
    super(builder);
  }

  /** Round {@code number} of {@code rounds}: {@code round} has one partition per worker, that worker's minibatches. */
  void fitRound(SparkDl4jMultiLayer network, JavaRDD<DataSet> round, int number, int rounds) {
    try {
      doIteration(network, round, number, rounds);
    } finally {
      destroyBroadcast();
    }
  }

  /** DL4J's worker of the round, broadcast with the network's parameters; remembered so that the broadcast can go. */
  @Override
  public ParameterAveragingTrainingWorker getWorkerInstance(SparkDl4jMultiLayer network) {
    roundWorker = super.getWorkerInstance(network);
    return roundWorker;
  }

  private void destroyBroadcast() {
    if (roundWorker == null || WORKER_BROADCAST == null) {
      return;
    }
    try {
      ((Broadcast<?>) WORKER_BROADCAST.get(roundWorker)).destroy();
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } finally {
      roundWorker = null;
    }
  }

  /** The worker's broadcast field, or null (with a warning) in a DL4J that has none by that name. */
  private static Field broadcastField() {
    try {
      Field field = ParameterAveragingTrainingWorker.class.getDeclaredField("broadcast");
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      LOG.warn("DL4J's ParameterAveragingTrainingWorker has no broadcast field: each round's broadcast stays until "
          + "the driver's garbage collector finds it");
      return null;
    }
  }
}
