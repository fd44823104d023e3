package io.sparkdigits.common.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.common.metrics.EpochRecord;
import io.sparkdigits.common.model.NetworkSpec;
import io.sparkdigits.common.model.TrainingSpec;
import io.sparkdigits.common.model.Updater;
import io.sparkdigits.common.testing.SparkTestBase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class DistributedTrainerTest extends SparkTestBase {
  private static final int BATCH = 8;
  private static final int BATCHES = 8;
  private static final NetworkSpec NETWORK =
      new NetworkSpec(List.of(12, 9, 3), Activation.RELU, Updater.ADAM, 0.01, 0.5, 12345);

  private static List<DataSet> minibatches(long seed) {
    Nd4j.getRandom().setSeed(seed);
    List<DataSet> batches = new ArrayList<>();
    for (int b = 0; b < BATCHES; b++) {
      INDArray features = Nd4j.rand(DataType.FLOAT, BATCH, 12);
      INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, 3);
      List<Integer> indices = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        labels.putScalar(i, (b + i) % 3, 1f);
        indices.add(b * BATCH + i);
      }
      // as Minibatches builds them: each example's index in the split is its metadata
      DataSet batch = new DataSet(features, labels);
      batch.setExampleMetaData(indices);
      batches.add(batch);
    }
    return batches;
  }

  @Test
  void oneWorkerOfParameterAveragingEqualsPlainFitting() throws IOException {
    List<DataSet> data = minibatches(1);
    int epochs = 2;

    MultiLayerNetwork plain = new MultiLayerNetwork(NETWORK.toConfiguration());
    plain.init();
    INDArray initial = plain.params().dup();
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (DataSet batch : data) {
        plain.fit(batch);
      }
      plain.incrementEpochCount();
    }

    // one worker, averaging once per epoch: the worker fits all the minibatches in their order
    TrainingSpec training = new TrainingSpec(epochs, BATCH, 0, 1);
    JavaRDD<DataSet> trainData = sc.parallelize(data, 1);
    JavaRDD<DataSet> testData = sc.parallelize(minibatches(2), 2);
    List<EpochRecord> records = new ArrayList<>();
    MultiLayerNetwork distributed = new DistributedTrainer(sc, NETWORK, training, 1)
        .train(trainData, BATCH * BATCHES, testData, null, (record, network) -> records.add(record)).model();

    assertThat(plain.params()).as("training moved the parameters").isNotEqualTo(initial);
    assertThat(distributed.params().equalsWithEps(plain.params(), 1e-6))
        .as("parameters after %d epochs: distributed %s, plain %s", epochs, distributed.params(), plain.params())
        .isTrue();
    assertThat(records).extracting(EpochRecord::epoch).containsExactly(1, 2);
  }

  /**
   * DL4J's ParameterAveragingTrainingMaster (1.0.0-M2) sums the parameters and the updater state
   * that each worker returns and divides by the number of workers: a plain mean, whatever the
   * number of minibatches each worker fitted. Each worker starts from the broadcast network and
   * its updater state and fits its own partition in order.
   */
  @Test
  void twoWorkersWithUnequalSharesAverageTheirParametersAndUpdaterStatePlainly() throws IOException {
    List<DataSet> data = minibatches(3);
    List<DataSet> first = data.subList(0, 5);
    List<DataSet> second = data.subList(5, 8);
    MultiLayerNetwork plainFirst = plainFit(first);
    MultiLayerNetwork plainSecond = plainFit(second);
    INDArray meanParams = plainFirst.params().add(plainSecond.params()).divi(2);
    INDArray meanUpdaterState = plainFirst.getUpdater().getStateViewArray()
        .add(plainSecond.getUpdater().getStateViewArray()).divi(2);

    // one averaging round: frequency 0 is the largest share, 5, and each worker fits all of its own
    TrainingSpec training = new TrainingSpec(1, BATCH, 0, 2);
    JavaRDD<DataSet> shares = sc.parallelize(first, 1).union(sc.parallelize(second, 1));
    MultiLayerNetwork averaged = new DistributedTrainer(sc, NETWORK, training, 2)
        .train(shares, BATCH * data.size(), sc.parallelize(minibatches(4), 1), null, (record, network) -> { })
        .model();

    assertThat(plainFirst.params().equalsWithEps(plainSecond.params(), 1e-3))
        .as("the two shares move the network differently").isFalse();
    assertThat(averaged.params().equalsWithEps(meanParams, 1e-5))
        .as("parameters: averaged %s, mean of the plain fits %s", averaged.params(), meanParams).isTrue();
    INDArray averagedUpdaterState = averaged.getUpdater().getStateViewArray();
    assertThat(averagedUpdaterState.equalsWithEps(meanUpdaterState, 1e-5))
        .as("Adam's moments: averaged %s, mean of the plain fits %s", averagedUpdaterState, meanUpdaterState)
        .isTrue();
    assertThat(averaged.getLayerWiseConfigurations().getIterationCount())
        .as("iterations DL4J counts after the round: the averaging frequency, not the mean of 5 and 3")
        .isEqualTo(5);
  }

  @Test
  void trainingDataWithAPartitionCountOtherThanTheWorkersIsRefused() {
    TrainingSpec training = new TrainingSpec(1, BATCH, 0, 2);
    DistributedTrainer trainer = new DistributedTrainer(sc, NETWORK, training, 2);

    assertThatThrownBy(() -> trainer.train(sc.parallelize(minibatches(5), 3), BATCH * BATCHES,
        sc.parallelize(minibatches(6), 1), null, (record, network) -> { }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the training data has 3 partitions for 2 workers: parameter averaging needs exactly one "
            + "partition per worker");
  }

  private static MultiLayerNetwork plainFit(List<DataSet> share) {
    MultiLayerNetwork network = new MultiLayerNetwork(NETWORK.toConfiguration());
    network.init();
    for (DataSet batch : share) {
      network.fit(batch);
    }
    return network;
  }

  @Test
  void aResumedTrainingEndsWhereAnUninterruptedOneEnds() throws IOException {
    TrainingSpec training = new TrainingSpec(3, BATCH, 0, 2);
    JavaRDD<DataSet> trainData = sc.parallelize(minibatches(7), 2);
    JavaRDD<DataSet> testData = sc.parallelize(minibatches(8), 1);
    List<byte[]> checkpoints = new ArrayList<>();
    MultiLayerNetwork uninterrupted = new DistributedTrainer(sc, NETWORK, training, 2)
        .train(trainData, BATCH * BATCHES, testData, null, (record, network) -> checkpoints.add(serialised(network)))
        .model();

    // as if the driver died after epoch 1: a new trainer starts from that epoch's checkpoint
    MultiLayerNetwork afterEpoch1 = ModelSerializer.restoreMultiLayerNetwork(
        new ByteArrayInputStream(checkpoints.get(0)), true);
    List<Integer> epochs = new ArrayList<>();
    MultiLayerNetwork resumed = new DistributedTrainer(sc, NETWORK, training, 2)
        .train(trainData, BATCH * BATCHES, testData, new DistributedTrainer.Resume(afterEpoch1, 1),
            (record, network) -> epochs.add(record.epoch()))
        .model();

    assertThat(epochs).as("the epochs the resumed training ran").containsExactly(2, 3);
    assertThat(resumed.getLayerWiseConfigurations().getEpochCount()).isEqualTo(3);
    assertThat(resumed.params().equalsWithEps(uninterrupted.params(), 1e-6))
        .as("parameters resumed %s, uninterrupted %s", resumed.params(), uninterrupted.params()).isTrue();
  }

  private static byte[] serialised(MultiLayerNetwork network) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelSerializer.writeModel(network, out, true);
    return out.toByteArray();
  }
}
