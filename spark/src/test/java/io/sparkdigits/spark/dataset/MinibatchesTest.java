package io.sparkdigits.spark.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.model.NetworkInput;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class MinibatchesTest {
  private static Row row(int index, int label, byte... pixels) {
    return new GenericRowWithSchema(new Object[] {"train", index, label, pixels}, DigitsSchema.SCHEMA);
  }

  private static LabelledImage example(int index, int label, byte... pixels) {
    return new LabelledImage(index, label, pixels);
  }

  @Test
  void pixelsAreScaledToTheUnitIntervalAndLabelsOneHot() {
    Minibatches minibatches = new Minibatches(8, 3, 4);
    DataSet batch = minibatches.toDataSet(List.of(
        example(0, 2, (byte) 0, (byte) 255, (byte) 128),
        example(1, 0, (byte) 51, (byte) 1, (byte) 0)));

    assertThat(batch.getFeatures().shape()).containsExactly(2, 3);
    assertThat(batch.getFeatures().toFloatMatrix()).isEqualTo(new float[][] {
        {0f, 1f, 128 / 255f}, {0.2f, 1 / 255f, 0f}});
    assertThat(batch.getLabels().toFloatMatrix()).isEqualTo(new float[][] {{0, 0, 1, 0}, {1, 0, 0, 0}});
  }

  @Test
  void partitionsAreCutIntoBatchesInOrderWithTheRestLast() throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(row(i, i % 3, (byte) i));
    }
    Iterator<DataSet> batches = new Minibatches(4, 1, 3).call(rows.iterator());

    List<Integer> sizes = new ArrayList<>();
    List<Float> firstPixels = new ArrayList<>();
    batches.forEachRemaining(batch -> {
      sizes.add(batch.numExamples());
      firstPixels.add(batch.getFeatures().getFloat(0, 0) * 255);
    });
    assertThat(sizes).containsExactly(4, 4, 2);
    assertThat(firstPixels).containsExactly(0f, 4f, 8f);
  }

  @Test
  void eachExampleCarriesItsIndexInTheSplit() {
    DataSet batch = new Minibatches(8, 1, 3).toDataSet(List.of(example(41, 0, (byte) 1), example(7, 2, (byte) 2)));

    assertThat(Minibatches.indices(batch)).as("the rows' indices, in their order").containsExactly(41, 7);
    assertThatThrownBy(() -> Minibatches.indices(new DataSet(batch.getFeatures(), batch.getLabels())))
        .hasMessageContaining("carries no example indices");
  }

  @Test
  void everyPixelValueScalesBackToItself() {
    for (int value = 0; value < 256; value++) {
      byte pixel = (byte) value;
      assertThat(NetworkInput.unscale(NetworkInput.scale(pixel))).as("pixel %d", value).isEqualTo(pixel);
    }
  }

  @Test
  void wrongImageSizeAndLabelAreRejected() {
    Minibatches minibatches = new Minibatches(8, 3, 4);
    assertThatThrownBy(() -> minibatches.toDataSet(List.of(example(5, 1, (byte) 1))))
        .hasMessageContaining("image 5 has 1 pixels where 3 were expected");
    assertThatThrownBy(() -> minibatches.toDataSet(List.of(example(6, 4, (byte) 1, (byte) 2, (byte) 3))))
        .hasMessageContaining("label 4 of image 6 is outside 0 to 3");
  }

  @Test
  void examplesHeldAsArraysMakeTheMinibatchTheirListWould() {
    Minibatches minibatches = new Minibatches(8, 3, 4);
    // three examples one after another; the minibatch takes the last two
    byte[] images = {9, 9, 9, 0, (byte) 255, (byte) 128, 51, 1, 0};
    int[] labels = {1, 2, 0};
    int[] indices = {40, 17, 3};

    DataSet fromArrays = minibatches.toDataSet(images, labels, indices, 1, 2);
    DataSet fromList = minibatches.toDataSet(List.of(
        example(17, 2, (byte) 0, (byte) 255, (byte) 128),
        example(3, 0, (byte) 51, (byte) 1, (byte) 0)));
    assertThat(fromArrays.getFeatures().toFloatMatrix()).isEqualTo(fromList.getFeatures().toFloatMatrix());
    assertThat(fromArrays.getLabels().toFloatMatrix()).isEqualTo(fromList.getLabels().toFloatMatrix());
    assertThat(Minibatches.indices(fromArrays)).containsExactly(17, 3);
    assertThatThrownBy(() -> minibatches.toDataSet(images, new int[] {1, 7, 0}, indices, 1, 2))
        .hasMessageContaining("label 7 of image 17 is outside 0 to 3");
  }
}
