package io.sparkdigits.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.collection.JavaConverters;

class DealtBlockSerializerTest {
  private final DealtBlockSerializer serializer = new DealtBlockSerializer();
  private final SerializerInstance instance = serializer.newInstance();

  /** A block of the examples {@code first} to {@code first + count - 1}, each image filled with its own value. */
  private static ExampleBlock block(int first, int count, int pixels) {
    ExampleBlock block = new ExampleBlock(pixels, count);
    for (int index = first; index < first + count; index++) {
      byte[] image = new byte[pixels];
      Arrays.fill(image, (byte) (index * 7));
      image[0] = (byte) 255;
      block.add(index, index % 10, image, 0);
    }
    return block;
  }

  /** One record as Spark's shuffle writers write it: the key, then the value. */
  private byte[] written(int partition, ExampleBlock block) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SerializationStream out = instance.serializeStream(bytes);
    out.writeKey(partition, null).writeValue(block, null);
    out.close();
    return bytes.toByteArray();
  }

  /** The records of {@code bytes} as Spark's shuffle readers read them. */
  private List<Tuple2<Object, Object>> read(byte[] bytes) {
    return new ArrayList<>(JavaConverters.seqAsJavaList(
        instance.deserializeStream(new ByteArrayInputStream(bytes)).asKeyValueIterator().toList()));
  }

  private static void assertSame(Tuple2<Object, Object> record, int partition, ExampleBlock expected) {
    assertThat(record._1()).isEqualTo(partition);
    ExampleBlock read = (ExampleBlock) record._2();
    assertThat(read.size()).isEqualTo(expected.size());
    assertThat(read.pixels()).isEqualTo(expected.pixels());
    for (int example = 0; example < expected.size(); example++) {
      assertThat(read.index(example)).isEqualTo(expected.index(example));
      assertThat(read.label(example)).isEqualTo(expected.label(example));
      assertThat(image(read, example)).isEqualTo(image(expected, example));
    }
  }

  private static byte[] image(ExampleBlock block, int example) {
    byte[] image = new byte[block.pixels()];
    block.copyImage(example, image, 0);
    return image;
  }

  @Test
  void recordsMovedAsBytesReadBackInTheirNewOrder() {
    ExampleBlock first = block(3, 5, 784);
    ExampleBlock second = block(70_001, 1, 784);
    ExampleBlock third = block(12, 2, 28 * 28 * 3);
    byte[] a = written(5, first);
    byte[] b = written(299, second);
    byte[] c = written(0, third);
    assertThat(a).as("a record's size: 12 bytes beside the block's examples, 8 beside each image")
        .hasSize(12 + 5 * (8 + 784));

    // what Spark's serialized shuffle does: sorts the records' bytes by partition and concatenates them
    ByteArrayOutputStream moved = new ByteArrayOutputStream();
    moved.writeBytes(c);
    moved.writeBytes(a);
    moved.writeBytes(b);
    List<Tuple2<Object, Object>> records = read(moved.toByteArray());

    assertThat(serializer.supportsRelocationOfSerializedObjects()).isTrue();
    assertThat(records).hasSize(3);
    assertSame(records.get(0), 0, third);
    assertSame(records.get(1), 5, first);
    assertSame(records.get(2), 299, second);
  }

  @Test
  void aWholeRecordWrittenAsOneObjectReadsAsAKeyAndAValue() {
    ExampleBlock block = block(9, 3, 16);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SerializationStream out = instance.serializeStream(bytes);
    out.writeObject(new Tuple2<>(41, block), null);
    out.close();

    assertThat(bytes.toByteArray()).isEqualTo(written(41, block));
    assertSame(read(bytes.toByteArray()).get(0), 41, block);
  }

  @Test
  void aBlockOfFewerExamplesThanItHasRoomForWritesOnlyThose() {
    ExampleBlock roomy = new ExampleBlock(4, 10);
    roomy.add(block(1, 1, 4), 0);
    assertThat(written(0, roomy)).hasSize(4 + 8 + 8 + 4);
    assertSame(read(written(0, roomy)).get(0), 0, block(1, 1, 4));
  }

  @Test
  void aRecordCutShortOrCorruptIsAnErrorNotTheEndOfTheRecords() {
    byte[] whole = written(7, block(1, 2, 784));
    byte[] cut = Arrays.copyOf(whole, whole.length - 100);
    byte[] corrupt = whole.clone();
    corrupt[4] = (byte) 0x80;  // the block's pixels per image, negative

    assertThat(read(new byte[0])).as("no records").isEmpty();
    assertThatThrownBy(() -> read(cut)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("shuffle record cut short or corrupt");
    assertThatThrownBy(() -> read(corrupt)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("shuffle record cut short or corrupt")
        .hasRootCauseMessage("corrupt block of examples: 2 images of " + (0x80000000 | 784) + " pixels");
  }
}
