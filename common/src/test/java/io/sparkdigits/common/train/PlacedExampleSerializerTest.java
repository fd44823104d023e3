package io.sparkdigits.common.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.common.dataset.LabelledImage;
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

class PlacedExampleSerializerTest {
  private final PlacedExampleSerializer serializer = new PlacedExampleSerializer();
  private final SerializerInstance instance = serializer.newInstance();

  private static LabelledImage example(int index, int pixels) {
    byte[] image = new byte[pixels];
    Arrays.fill(image, (byte) (index * 7));
    image[0] = (byte) 255;
    return new LabelledImage(index, index % 10, image);
  }

  /** One record as Spark's shuffle writers write it: the key, then the value. */
  private byte[] written(long position, LabelledImage example) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SerializationStream out = instance.serializeStream(bytes);
    out.writeKey(position, null).writeValue(example, null);
    out.close();
    return bytes.toByteArray();
  }

  /** The records of {@code bytes} as Spark's shuffle readers read them. */
  private List<Tuple2<Object, Object>> read(byte[] bytes) {
    return new ArrayList<>(JavaConverters.seqAsJavaList(
        instance.deserializeStream(new ByteArrayInputStream(bytes)).asKeyValueIterator().toList()));
  }

  private static void assertSame(Tuple2<Object, Object> record, long position, LabelledImage example) {
    assertThat(record._1()).isEqualTo(position);
    LabelledImage read = (LabelledImage) record._2();
    assertThat(read.index()).isEqualTo(example.index());
    assertThat(read.label()).isEqualTo(example.label());
    assertThat(read.pixels()).isEqualTo(example.pixels());
  }

  @Test
  void recordsMovedAsBytesReadBackInTheirNewOrder() {
    LabelledImage first = example(3, 784);
    LabelledImage second = example(70_001, 784);
    LabelledImage third = example(12, 28 * 28 * 3);
    byte[] a = written(5L, first);
    byte[] b = written(3_000_000_000L, second);
    byte[] c = written(0L, third);
    assertThat(a).as("a record's size: 20 bytes beside the image").hasSize(20 + 784);

    // what Spark's serialized shuffle does: sorts the records' bytes by partition and concatenates them
    ByteArrayOutputStream moved = new ByteArrayOutputStream();
    moved.writeBytes(c);
    moved.writeBytes(a);
    moved.writeBytes(b);
    List<Tuple2<Object, Object>> records = read(moved.toByteArray());

    assertThat(serializer.supportsRelocationOfSerializedObjects()).isTrue();
    assertThat(records).hasSize(3);
    assertSame(records.get(0), 0L, third);
    assertSame(records.get(1), 5L, first);
    assertSame(records.get(2), 3_000_000_000L, second);
  }

  @Test
  void aWholeRecordWrittenAsOneObjectReadsAsAKeyAndAValue() {
    LabelledImage example = example(9, 16);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SerializationStream out = instance.serializeStream(bytes);
    out.writeObject(new Tuple2<>(41L, example), null);
    out.close();

    assertThat(bytes.toByteArray()).isEqualTo(written(41L, example));
    assertSame(read(bytes.toByteArray()).get(0), 41L, example);
  }

  @Test
  void aRecordCutShortIsAnErrorNotTheEndOfTheRecords() {
    byte[] whole = written(7L, example(1, 784));
    byte[] cut = Arrays.copyOf(whole, whole.length - 100);

    assertThat(read(new byte[0])).as("no records").isEmpty();
    assertThatThrownBy(() -> read(cut)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("shuffle record cut short or corrupt");
  }
}
