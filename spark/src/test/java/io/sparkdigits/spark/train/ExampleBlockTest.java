package io.sparkdigits.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class ExampleBlockTest {
  /** Rows of (index, label, pixels), each image {@code pixels} bytes of its index. */
  private static Iterator<Row> rows(int count, int pixels) {
    return IntStream.range(0, count).mapToObj(i -> {
      byte[] image = new byte[pixels];
      Arrays.fill(image, (byte) i);
      return RowFactory.create(i, i % 10, image);
    }).iterator();
  }

  @Test
  void rowsBecomeBlocksOfAtMostTheBlockSizeInTheirOrder() {
    List<ExampleBlock> blocks = new ArrayList<>();
    ExampleBlock.fromRows(rows(7, 3), 3, 3).forEachRemaining(blocks::add);

    assertThat(blocks).extracting(ExampleBlock::size).containsExactly(3, 3, 1);
    List<Integer> indices = new ArrayList<>();
    for (ExampleBlock block : blocks) {
      for (int example = 0; example < block.size(); example++) {
        int index = block.index(example);
        indices.add(index);
        assertThat(block.label(example)).isEqualTo(index % 10);
        byte[] image = new byte[3];
        block.copyImage(example, image, 0);
        assertThat(image).containsOnly((byte) index);
      }
    }
    assertThat(indices).containsExactly(0, 1, 2, 3, 4, 5, 6);
  }

  @Test
  void anImageOfAnotherSizeIsRefusedNamingIt() {
    Iterator<Row> rows = List.of(RowFactory.create(0, 1, new byte[4]), RowFactory.create(8, 1, new byte[3])).iterator();
    assertThatThrownBy(() -> ExampleBlock.fromRows(rows, 4, 10).next())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("image 8 has 3 pixels where 4 were expected");
  }
}
