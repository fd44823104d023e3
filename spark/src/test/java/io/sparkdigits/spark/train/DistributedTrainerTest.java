package io.sparkdigits.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.spark.dataset.DigitsSchema;
import io.sparkdigits.spark.dataset.LabelledImage;
import io.sparkdigits.spark.dataset.Minibatches;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.metrics.EpochRecord;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.model.Updater;
import io.sparkdigits.spark.testing.SparkTestBase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Parameter averaging against its definition: every worker fits, from the round's starting
 * network, exactly the examples {@link EpochOrder} deals it, in their order, as plain DL4J would;
 * the round ends with the plain mean of the workers' parameters and updater states.
 */
class DistributedTrainerTest extends SparkTestBase {
  private static final int PIXELS = 12;
  private static final int CLASSES = 3;
  private static final int BATCH = 8;
  private static final long SEED = 12345;
  private static final NetworkSpec NETWORK =
      new NetworkSpec(List.of(PIXELS, 9, CLASSES), Activation.RELU, Updater.ADAM, 0.01, 0.5, SEED);
  private static final Minibatches MINIBATCHES = new Minibatches(BATCH, PIXELS, CLASSES);

  /** {@code count} examples with random pixels, labels in turn, indexed from 0. */
  private static List<LabelledImage> examples(int count, long seed) {
    Random random = new Random(seed);
    List<LabelledImage> examples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] pixels = new byte[PIXELS];
      random.nextBytes(pixels);
      examples.add(new LabelledImage(i, i % CLASSES, pixels));
    }
    return examples;
  }

  private static Dataset<Row> split(List<LabelledImage> examples) {
    List<Row> rows = examples.stream()
        .map(e -> RowFactory.create(DatasetManifest.TRAIN, e.index(), e.label(), e.pixels())).toList();
    return spark().createDataFrame(rows, DigitsSchema.SCHEMA).repartition(3);
  }

  private static ShuffledEpochs shuffled(List<LabelledImage> examples, int workers, int rounds) {
    return new ShuffledEpochs(split(examples), new EpochOrder(examples.size(), workers, rounds, SEED), MINIBATCHES);
  }

  /** What {@code order} deals one worker in one round of an epoch, as minibatches in order. */
  private static List<DataSet> share(List<LabelledImage> examples, EpochOrder order, int epoch, int round,
      int worker) {
    List<LabelledImage> dealt = examples.stream()
        .filter(e -> order.round(order.position(epoch, e.index())) == round
            && order.worker(order.position(epoch, e.index())) == worker)
        .sorted(Comparator.comparingLong(e -> order.position(epoch, e.index())))
        .toList();
    List<DataSet> batches = new ArrayList<>();
    MINIBATCHES.batches(dealt.iterator()).forEachRemaining(batches::add);
    return batches;
  }

  private JavaRDD<DataSet> scored(long seed) {
    return sc().parallelize(List.of(MINIBATCHES.toDataSet(examples(40, seed))), 1);
  }

  private static MultiLayerNetwork fitted(MultiLayerNetwork start, List<DataSet> share) {
    MultiLayerNetwork network = start.clone();
    share.forEach(network::fit);
    return network;
  }

  /** The plain mean of the workers' networks, parameters and updater state, as a network. */
  private static MultiLayerNetwork mean(List<MultiLayerNetwork> workers) {
    MultiLayerNetwork mean = workers.get(0).clone();
    INDArray params = mean.params();
    INDArray state = mean.getUpdater().getStateViewArray();
    for (MultiLayerNetwork worker : workers.subList(1, workers.size())) {
      params.addi(worker.params());
      state.addi(worker.getUpdater().getStateViewArray());
    }
    params.divi(workers.size());
    state.divi(workers.size());
    return mean;
  }

  private static MultiLayerNetwork newNetwork() {
    MultiLayerNetwork network = new MultiLayerNetwork(NETWORK.toConfiguration());
    network.init();
    return network;
  }

  @Test
  void oneWorkerOfParameterAveragingEqualsPlainFittingInEachEpochsOrder() throws IOException {
    List<LabelledImage> examples = examples(64, 1);
    ShuffledEpochs data = shuffled(examples, 1, 1);
    int epochs = 2;

    MultiLayerNetwork plain = newNetwork();
    INDArray initial = plain.params().dup();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      share(examples, data.order(), epoch, 0, 0).forEach(plain::fit);
      plain.incrementEpochCount();
    }

    List<EpochRecord> records = new ArrayList<>();
    MultiLayerNetwork distributed = new DistributedTrainer(sc(), NETWORK, new TrainingSpec(epochs, BATCH, 0, 1), 1)
        .train(data, scored(2), null, scored(3), null, (record, network) -> records.add(record)).model();

    assertThat(plain.params()).as("training moved the parameters").isNotEqualTo(initial);
    assertThat(distributed.params().equalsWithEps(plain.params(), 1e-6))
        .as("parameters after %d epochs: distributed %s, plain %s", epochs, distributed.params(), plain.params())
        .isTrue();
    assertThat(records).extracting(EpochRecord::epoch).containsExactly(1, 2);
    assertThat(distributed.getLayerWiseConfigurations().getEpochCount()).as("epochs counted").isEqualTo(epochs);
  }

  /**
   * DL4J's ParameterAveragingTrainingMaster (1.0.0-M2) sums the parameters and the updater state
   * that each worker returns and divides by the number of workers: a plain mean, whatever the
   * number of minibatches each worker fitted (here 6 and 5: 41 and 40 examples).
   */
  @Test
  void twoWorkersWithUnequalSharesAverageTheirParametersAndUpdaterStatePlainly() throws IOException {
    List<LabelledImage> examples = examples(81, 3);
    ShuffledEpochs data = shuffled(examples, 2, 1);
    MultiLayerNetwork start = newNetwork();
    List<DataSet> first = share(examples, data.order(), 1, 0, 0);
    List<DataSet> second = share(examples, data.order(), 1, 0, 1);
    MultiLayerNetwork expected = mean(List.of(fitted(start, first), fitted(start, second)));

    MultiLayerNetwork averaged = new DistributedTrainer(sc(), NETWORK, new TrainingSpec(1, BATCH, 0, 2), 2)
        .train(data, scored(4), null, scored(5), null, (record, network) -> true).model();

    assertThat(List.of(first.size(), second.size())).as("minibatches of the two workers").containsExactly(6, 5);
    assertThat(averaged.params().equalsWithEps(expected.params(), 1e-5))
        .as("parameters: averaged %s, mean of the plain fits %s", averaged.params(), expected.params()).isTrue();
    INDArray averagedUpdaterState = averaged.getUpdater().getStateViewArray();
    assertThat(averagedUpdaterState.equalsWithEps(expected.getUpdater().getStateViewArray(), 1e-5))
        .as("Adam's moments: averaged %s, mean of the plain fits %s", averagedUpdaterState,
            expected.getUpdater().getStateViewArray())
        .isTrue();
  }

  @Test
  void eachRoundStartsFromTheAverageOfTheLast() throws IOException {
    List<LabelledImage> examples = examples(96, 6);
    int rounds = 3;
    ShuffledEpochs data = shuffled(examples, 2, rounds);
    MultiLayerNetwork expected = newNetwork();
    for (int round = 0; round < rounds; round++) {
      expected = mean(List.of(fitted(expected, share(examples, data.order(), 1, round, 0)),
          fitted(expected, share(examples, data.order(), 1, round, 1))));
    }

    MultiLayerNetwork averaged = new DistributedTrainer(sc(), NETWORK, new TrainingSpec(1, BATCH, 0, 2), 2)
        .train(data, scored(7), null, scored(8), null, (record, network) -> true).model();

    assertThat(averaged.params().equalsWithEps(expected.params(), 1e-5))
        .as("parameters after %d rounds: averaged %s, expected %s", rounds, averaged.params(), expected.params())
        .isTrue();
  }

  @Test
  void trainingDataDealtToOtherThanTheWorkersIsRefused() {
    DistributedTrainer trainer = new DistributedTrainer(sc(), NETWORK, new TrainingSpec(1, BATCH, 0, 2), 2);

    assertThatThrownBy(() -> trainer.train(shuffled(examples(64, 9), 3, 1), scored(10), null, scored(11), null,
        (record, network) -> true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the training data is dealt to 3 workers, not 2: parameter averaging needs exactly one "
            + "partition per worker");
  }

  @Test
  void aResumedTrainingEndsWhereAnUninterruptedOneEnds() throws IOException {
    TrainingSpec training = new TrainingSpec(3, BATCH, 0, 2);
    ShuffledEpochs data = shuffled(examples(64, 7), 2, 2);
    List<byte[]> checkpoints = new ArrayList<>();
    MultiLayerNetwork uninterrupted = new DistributedTrainer(sc(), NETWORK, training, 2)
        .train(data, scored(12), null, scored(13), null, (record, network) -> checkpoints.add(serialised(network)))
        .model();

    // as if the driver died after epoch 1: a new trainer starts from that epoch's checkpoint
    MultiLayerNetwork afterEpoch1 = ModelSerializer.restoreMultiLayerNetwork(
        new ByteArrayInputStream(checkpoints.get(0)), true);
    List<Integer> epochs = new ArrayList<>();
    MultiLayerNetwork resumed = new DistributedTrainer(sc(), NETWORK, training, 2)
        .train(data, scored(12), null, scored(13), new DistributedTrainer.Resume(afterEpoch1, 1),
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
