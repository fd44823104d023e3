package io.sparkdigits.common.train;

import java.lang.reflect.Field;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 *
 * <p>Likewise each worker's copy of the network, made afresh every round, holds its parameters,
 * gradients and updater state off the heap until its Java object is collected, again an object
 * that lived through a round: {@link ReleasingWorker} frees them as the round ends.
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

  /**
   * DL4J's worker of the round, broadcast with the network's parameters, as a {@link ReleasingWorker};
   * remembered so that the broadcast can go.
   */
  @Override
  public ParameterAveragingTrainingWorker getWorkerInstance(SparkDl4jMultiLayer network) {
    ParameterAveragingTrainingWorker worker = super.getWorkerInstance(network);
    roundWorker = WORKER_BROADCAST == null ? worker : new ReleasingWorker(broadcastOf(worker), worker, this);
    return roundWorker;
  }

  private void destroyBroadcast() {
    if (roundWorker == null || WORKER_BROADCAST == null) {
      return;
    }
    try {
      broadcastOf(roundWorker).destroy();
    } finally {
      roundWorker = null;
    }
  }

  @SuppressWarnings("unchecked")
  private static Broadcast<NetBroadcastTuple> broadcastOf(ParameterAveragingTrainingWorker worker) {
    try {
      return (Broadcast<NetBroadcastTuple>) WORKER_BROADCAST.get(worker);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
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

  /**
   * DL4J's worker, which frees its copy of the network's parameters, gradients and updater state
   * when it hands in its result (copies of the parameters and state, which Spark serialises and
   * drops). Not {@link MultiLayerNetwork#close()}: that also destroys the thread's workspaces,
   * which the next round reuses, and asks for a full garbage collection.
   */
  static final class ReleasingWorker extends ParameterAveragingTrainingWorker {
    private static final long serialVersionUID = 1L;

    ReleasingWorker(Broadcast<NetBroadcastTuple> broadcast, ParameterAveragingTrainingWorker worker,
        RoundTrainingMaster master) {
      super(broadcast, master.isSaveUpdater(), worker.getDataConfiguration(), master.getTrainingHookList(),
          master.listeners, master.getRouterProvider());
    }

    @Override
    public ParameterAveragingTrainingResult getFinalResult(MultiLayerNetwork network) {
      ParameterAveragingTrainingResult result = super.getFinalResult(network);
      INDArray updaterState = result.getUpdaterState();
      ParameterAveragingTrainingResult detached = new ParameterAveragingTrainingResult(result.getParameters().dup(),
          updaterState == null ? null : updaterState.dup(), result.getScore(), null, null, null);
      close(network.params());
      close(network.getGradientsViewArray());
      close(updaterState);
      return detached;
    }

    private static void close(INDArray array) {
      if (array != null && array.closeable()) {
        array.close();
      }
    }
  }
}
