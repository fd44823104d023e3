package io.sparkdigits.common.train;

import static org.assertj.core.api.Assertions.assertThat;

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
  private static final int BATCHES = 6;
  private static final NetworkSpec NETWORK =
      new NetworkSpec(List.of(12, 9, 3), Activation.RELU, Updater.ADAM, 0.01, 0.5, 12345);

  private static List<DataSet> minibatches(long seed) {
    Nd4j.getRandom().setSeed(seed);
    List<DataSet> batches = new ArrayList<>();
    for (int b = 0; b < BATCHES; b++) {
      INDArray features = Nd4j.rand(DataType.FLOAT, BATCH, 12);
      INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, 3);
      for (int i = 0; i < BATCH; i++) {
        labels.putScalar(i, (b + i) % 3, 1f);
      }
      batches.add(new DataSet(features, labels));
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
    MultiLayerNetwork distributed = new DistributedTrainer(sc, NETWORK, training)
        .train(trainData, BATCH * BATCHES, testData, null, (record, network) -> records.add(record)).model();

    assertThat(plain.params()).as("training moved the parameters").isNotEqualTo(initial);
    assertThat(distributed.params().equalsWithEps(plain.params(), 1e-6))
        .as("parameters after %d epochs: distributed %s, plain %s", epochs, distributed.params(), plain.params())
        .isTrue();
    assertThat(records).extracting(EpochRecord::epoch).containsExactly(1, 2);
  }

  @Test
  void twoWorkersAverageTheirParameters() throws IOException {
    List<DataSet> data = minibatches(3);
    MultiLayerNetwork plain = new MultiLayerNetwork(NETWORK.toConfiguration());
    plain.init();
    for (DataSet batch : data) {
      plain.fit(batch);
    }

    TrainingSpec training = new TrainingSpec(1, BATCH, BATCHES / 2, 2);
    MultiLayerNetwork averaged = new DistributedTrainer(sc, NETWORK, training)
        .train(sc.parallelize(data, 2), BATCH * BATCHES, sc.parallelize(minibatches(4), 1), null, (record, network) -> { })
        .model();

    assertThat(averaged.params().equalsWithEps(plain.params(), 1e-6))
        .as("two workers see different minibatches from the same start, so averaging differs from plain fitting")
        .isFalse();
    assertThat(averaged.params().isNaN().any()).isFalse();
  }

  @Test
  void aResumedTrainingEndsWhereAnUninterruptedOneEnds() throws IOException {
    TrainingSpec training = new TrainingSpec(3, BATCH, 0, 2);
    JavaRDD<DataSet> trainData = sc.parallelize(minibatches(7), 2);
    JavaRDD<DataSet> testData = sc.parallelize(minibatches(8), 1);
    List<byte[]> checkpoints = new ArrayList<>();
    MultiLayerNetwork uninterrupted = new DistributedTrainer(sc, NETWORK, training)
        .train(trainData, BATCH * BATCHES, testData, null, (record, network) -> checkpoints.add(serialised(network)))
        .model();

    // as if the driver died after epoch 1: a new trainer starts from that epoch's checkpoint
    MultiLayerNetwork afterEpoch1 = ModelSerializer.restoreMultiLayerNetwork(
        new ByteArrayInputStream(checkpoints.get(0)), true);
    List<Integer> epochs = new ArrayList<>();
    MultiLayerNetwork resumed = new DistributedTrainer(sc, NETWORK, training)
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
