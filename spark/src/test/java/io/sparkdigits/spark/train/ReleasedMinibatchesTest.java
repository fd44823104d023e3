package io.sparkdigits.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class ReleasedMinibatchesTest {
  @Test
  void aMinibatchIsFreedWhenTheOneTwoAfterItIsTaken() {
    List<DataSet> minibatches = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      minibatches.add(new DataSet(Nd4j.ones(DataType.FLOAT, 2, 3), Nd4j.zeros(DataType.FLOAT, 2, 2)));
    }
    ReleasedMinibatches released = new ReleasedMinibatches(minibatches.iterator());

    released.next();
    released.next();
    assertThat(minibatches.get(0).getFeatures().wasClosed()).as("the first, with two taken").isFalse();
    assertThat(released.next()).isSameAs(minibatches.get(2));
    assertThat(minibatches.get(0).getFeatures().wasClosed()).as("the first, with three taken").isTrue();
    assertThat(minibatches.get(0).getLabels().wasClosed()).isTrue();
    assertThat(minibatches.get(1).getFeatures().wasClosed()).as("the second, with three taken").isFalse();
    released.next();
    assertThat(released.hasNext()).isFalse();
    assertThat(minibatches.get(1).getFeatures().wasClosed()).as("the second, with four taken").isTrue();
    assertThat(minibatches.subList(2, 4)).as("the last two, the worker may still use them")
        .allSatisfy(batch -> assertThat(batch.getFeatures().wasClosed()).isFalse());
  }
}
