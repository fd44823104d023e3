package io.sparkdigits.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.common.model.NetworkSpec;
import io.sparkdigits.common.model.Updater;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** What ParallelWrapper, as the benchmark runs it, does with an epoch's minibatches. */
class ParallelWrapperEpochsTest {
  @Test
  void anEpochAveragedOnceIsTheAverageOfTheWorkersFitsOfAlternateMinibatches() throws Exception {
    NetworkSpec spec = new NetworkSpec(List.of(4, 3, 2), Activation.RELU, Updater.ADAM, 0.1, 1.0, 42);
    Nd4j.getRandom().setSeed(7);
    List<DataSet> minibatches = List.of(minibatch(), minibatch(), minibatch(), minibatch());
    MultiLayerNetwork start = new MultiLayerNetwork(spec.toConfiguration());
    start.init();

    MultiLayerNetwork worker0 = fitted(start, minibatches.get(0), minibatches.get(2));
    MultiLayerNetwork worker1 = fitted(start, minibatches.get(1), minibatches.get(3));
    // DL4J 1.0.0-M2.1's worker 1 copies the network when its thread starts, which can be after
    // worker 0 (the network itself) fitted its first minibatch
    MultiLayerNetwork lateWorker1 = fitted(fitted(start, minibatches.get(0)), minibatches.get(1), minibatches.get(3));
    MultiLayerNetwork net = start.clone();
    new ParallelWrapperEpochs(2, 0, minibatches.size()).fit(net, minibatches);

    INDArray average = worker0.params().add(worker1.params()).divi(2);
    INDArray averageWithLateStart = worker0.params().add(lateWorker1.params()).divi(2);
    assertThat(Math.min(net.params().distance2(average), net.params().distance2(averageWithLateStart)))
        .as("the parameters after one epoch: the two workers' averaged once, at its end").isLessThan(1e-6);
    assertThat(net.params().distance2(start.params())).as("trained").isGreaterThan(1e-3);
  }

  private static DataSet minibatch() {
    INDArray labels = Nd4j.zeros(4, 2);
    for (int i = 0; i < 4; i++) {
      labels.putScalar(i, Nd4j.getRandom().nextInt(2), 1);
    }
    return new DataSet(Nd4j.rand(4, 4), labels);
  }

  private static MultiLayerNetwork fitted(MultiLayerNetwork start, DataSet... minibatches) {
    MultiLayerNetwork net = start.clone();
    for (DataSet minibatch : minibatches) {
      net.fit(minibatch);
    }
    return net;
  }

  @Test
  void averagingAfterTheLastFullRoundLosesNothingWithTwoWorkers() {
    assertThat(ParallelWrapperEpochs.lostMinibatches(938, 2, 469)).as("MNIST at batch 64: 469 full rounds").isZero();
    assertThat(ParallelWrapperEpochs.lostMinibatches(1875, 2, 937))
        .as("batch 32: the last minibatch goes to worker 0 alone, whose model is the network").isZero();
  }

  @Test
  void aLastPartialRoundLosesTheMinibatchesOfWorkersOtherThanTheFirst() {
    assertThat(ParallelWrapperEpochs.lostMinibatches(11, 3, 3))
        .as("3 full rounds averaged, then workers 0 and 1 fit one each: worker 1's is lost").isEqualTo(1);
  }

  @Test
  void anAveragingInAPartialRoundLeavesOutTheWorkersWithoutAMinibatch() {
    assertThat(ParallelWrapperEpochs.lostMinibatches(9, 2, 5))
        .as("round 5 has worker 0 alone: worker 1's 4 minibatches never reach the network").isEqualTo(4);
  }

  @Test
  void roundsAfterTheLastAveragingAreLostForTheOtherWorkers() {
    assertThat(ParallelWrapperEpochs.lostMinibatches(938, 2, 10))
        .as("469 rounds averaged every 10: worker 1's last 9 are lost").isEqualTo(9);
    assertThat(ParallelWrapperEpochs.lostMinibatches(938, 4, 10))
        .as("235 rounds, the last with 2 minibatches: workers 1-3 lose rounds 231-235").isEqualTo(5 + 4 + 4);
  }

  @Test
  void oneWorkerIsRefusedWithTheWayOut() {
    assertThatThrownBy(() -> new ParallelWrapperEpochs(1, 0, 938))
        .hasMessageContaining("at least 2 workers").hasMessageContaining("--workers");
  }
}
