package io.sparkdigits.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.sparkdigits.core.UsageException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;

/** What training a network takes of the driver's memory, counted without building it, against its budget. */
class NetworkMemoryTest {
  private static final long MIB = 1L << 20;
  /** The driver of submit/local.sh: 2g of heap, maxphysicalbytes at heap + 2g + 384m. */
  private static final long LOCAL_HEAP = 2048 * MIB;
  private static final long LOCAL_OFF_HEAP = (2048 + 384) * MIB;

  private static NetworkSpec mnist(String layers, Updater updater) {
    return new NetworkSpec(Architecture.parse(layers), Activation.RELU, updater, 0.001, 1, 1)
        .fitTo(28, 28, 10, "dataset 'mnist'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"784-128-10", "conv5x5x20-pool2-conv5x5x50-pool2-500-10", "conv3x3x8-bn-pool2-dropout0.5-64-bn-10",
      "bn-784-dropout0.2-10", "conv5x5x4-pool2-10"})
  void parametersAreDl4jsCount(String layers) {
    NetworkSpec network = mnist(layers, Updater.ADAM);
    MultiLayerNetwork built = new MultiLayerNetwork(network.toConfiguration());
    built.init();

    assertThat(network.architecture().parameters()).isEqualTo(built.numParams());
    // batch normalisation's running mean and variance are parameters that keep no updater state
    assertThat((double) network.updater().valuesPerParameter() * built.numParams())
        .as("Adam's state, as DL4J allocates it")
        .isCloseTo(built.getUpdater().getStateViewArray().length(), withinPercentage(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"784-128-10", "784-800-10", "conv5x5x20-pool2-conv5x5x50-pool2-500-10",
      "conv5x5x32-conv5x5x64-pool2-1024-10"})
  void theNetworksOfTheReadmeFitTheLocalDriver(String layers) {
    NetworkMemory.of(mnist(layers, Updater.ADAM)).requireWithin(LOCAL_HEAP, LOCAL_OFF_HEAP);
  }

  @Test
  void aNetworkThatCanNeverFitIsRefusedInOneLineNamingTheNumbersAndTheSetting() {
    NetworkMemory memory = NetworkMemory.of(mnist("784-99999999-10", Updater.ADAM));

    assertThat(memory.parameters()).isEqualTo(785L * 99_999_999 + 100_000_000L * 10);
    assertThatThrownBy(() -> memory.requireWithin(LOCAL_HEAP, LOCAL_OFF_HEAP)).isInstanceOf(UsageException.class)
        .hasMessage("the network 784-99999999-10 has 79,499,999,215 parameters: training it with adam takes at least "
            + "1,184.6 GiB outside the Java heap (4 bytes each for the parameters, their gradients and 2 values of "
            + "adam's state), and this JVM may use 2.4 GiB there: make the network smaller, or raise DRIVER_OFFHEAP "
            + "(submit/) or -Dorg.bytedeco.javacpp.maxphysicalbytes");
  }

  @Test
  void theHeapAndTheLongestArrayBoundItToo() {
    // 784-200000-10 with SGD: 1.2 GiB outside the heap, and as much of heap
    NetworkMemory sgd = NetworkMemory.of(mnist("784-200000-10", Updater.SGD));
    sgd.requireWithin(LOCAL_HEAP, LOCAL_OFF_HEAP);
    assertThatThrownBy(() -> sgd.requireWithin(1024 * MIB, LOCAL_OFF_HEAP)).hasMessage("the network 784-200000-10 "
        + "has 159,000,010 parameters: sending them to the executors takes 1.2 GiB of Java heap, and this JVM's heap is "
        + "1.0 GiB: make the network smaller, or raise DRIVER_MEMORY (submit/) or -Xmx");
    NetworkMemory wide = NetworkMemory.of(mnist("784-700000-10", Updater.SGD));
    assertThatThrownBy(() -> wide.requireWithin(64 * 1024 * MIB, 64 * 1024 * MIB)).hasMessage("the network "
        + "784-700000-10 has 556,500,010 parameters: sent to the executors as one Java array of 4 bytes each, they "
        + "would take 2.1 GiB, and an array holds at most 2 GiB: make the network smaller");
  }

  @Test
  void thisJvmsBudgetTakesTheDefaultsAndRefusesTheImpossible() {
    mnist("784-128-10", Updater.ADAM).requireFits(28, 28, 10, "dataset 'mnist'");
    assertThatThrownBy(() -> mnist("784-99999999-10", Updater.ADAM).requireFits(28, 28, 10, "dataset 'mnist'"))
        .isInstanceOf(UsageException.class).hasMessageContaining("has 79,499,999,215 parameters");
  }
}
