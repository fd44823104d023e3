package io.sparkdigits.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EpochOrderTest {
  private static long[] positions(EpochOrder order, int epoch) {
    return LongStream.range(0, order.examples()).map(index -> order.position(epoch, index)).toArray();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 7, 64, 65, 1000, 60_001})
  void everyEpochIsAPermutationOfTheExamples(long examples) {
    EpochOrder order = new EpochOrder(examples, 1, 1, 42);
    for (int epoch = 1; epoch <= 3; epoch++) {
      long[] sorted = positions(order, epoch);
      Arrays.sort(sorted);
      assertThat(sorted).as("epoch %d's positions, sorted", epoch)
          .isEqualTo(LongStream.range(0, examples).toArray());
    }
  }

  @Test
  void theOrderDiffersByEpochAndBySeedAndIsTheSameForTheSameOnes() {
    EpochOrder order = new EpochOrder(10_000, 2, 4, 42);
    long[] first = positions(order, 1);

    assertThat(positions(new EpochOrder(10_000, 2, 4, 42), 1)).as("same seed and epoch").isEqualTo(first);
    assertThat(positions(order, 2)).as("the next epoch").isNotEqualTo(first);
    assertThat(positions(new EpochOrder(10_000, 2, 4, 43), 1)).as("another seed").isNotEqualTo(first);
    long fixedPoints = LongStream.range(0, 10_000).filter(i -> first[(int) i] == i).count();
    assertThat(fixedPoints).as("examples left in place (a random permutation leaves about 1)").isLessThan(10);
  }

  @Test
  void roundsAndWorkersGetSharesThatDifferByAtMostOneExample() {
    int workers = 3;
    int rounds = 7;
    EpochOrder order = new EpochOrder(1000, workers, rounds, 42);
    long[][] counts = new long[rounds][workers];
    for (long position : positions(order, 1)) {
      counts[order.round(position)][order.worker(position)]++;
    }
    long[] all = Arrays.stream(counts).flatMapToLong(Arrays::stream).toArray();

    assertThat(Arrays.stream(all).sum()).isEqualTo(1000);
    assertThat(Arrays.stream(all).max().getAsLong() - Arrays.stream(all).min().getAsLong())
        .as("largest share minus smallest, of %s", Arrays.deepToString(counts)).isLessThanOrEqualTo(1);
    assertThat(Arrays.stream(all).max().getAsLong()).isEqualTo(order.largestShare());
    assertThat(order.partitions()).isEqualTo(rounds * workers);
    assertThat(order.partition(order.position(1, 5)))
        .isEqualTo(order.round(order.position(1, 5)) * workers + order.worker(order.position(1, 5)));
  }

  @Test
  void anIndexOutsideTheExamplesIsRefused() {
    EpochOrder order = new EpochOrder(100, 2, 1, 42);
    assertThatThrownBy(() -> order.position(1, 100))
        .hasMessage("example index 100 is outside 0 to 99: the split's indices must number its examples from 0");
    assertThatThrownBy(() -> new EpochOrder(10, 4, 3, 42)).hasMessageContaining("cannot deal 10 examples");
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22, 100, 1001, 60_000})
  void aSharesSlotsAreItsPositionsInOrder(long examples) {
    int workers = 3;
    int rounds = 7;
    EpochOrder order = new EpochOrder(examples, workers, rounds, 42);
    long counted = 0;
    for (int round = 0; round < rounds; round++) {
      for (int worker = 0; worker < workers; worker++) {
        EpochOrder.Share share = order.share(round, worker);
        long previous = -1;
        for (int slot = 0; slot < share.count(); slot++) {
          long position = share.first() + (long) slot * share.stride();
          assertThat(position).as("slot %d of round %d, worker %d", slot, round, worker).isGreaterThan(previous);
          assertThat(order.round(position)).isEqualTo(round);
          assertThat(order.worker(position)).isEqualTo(worker);
          assertThat(share.slot(position)).isEqualTo(slot);
          previous = position;
        }
        counted += share.count();
      }
    }
    assertThat(counted).as("slots of all shares").isEqualTo(examples);
    for (long position = 0; position < examples; position++) {
      EpochOrder.Share share = order.share(order.round(position), order.worker(position));
      assertThat(share.slot(position)).as("position %d in its own share", position).isBetween(0, share.count() - 1);
      EpochOrder.Share other = order.share((order.round(position) + 1) % rounds, order.worker(position));
      assertThat(other.slot(position)).as("position %d in another round's share", position).isEqualTo(-1);
    }
  }
}
