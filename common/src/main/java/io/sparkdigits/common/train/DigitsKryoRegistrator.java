package io.sparkdigits.common.train;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.sparkdigits.common.dataset.LabelledImage;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;

/**
 * Kryo's registrations for spark-digits ({@code spark.kryo.registrator} in conf/spark-defaults.conf):
 * ND4J's, for its arrays and DataSets, and the training split's examples, which training keeps on
 * the executors' disks as Spark's serialized blocks ({@link ShuffledEpochs}). Kryo writes an
 * unregistered class's name with every record and reads it back, and walks its fields by
 * reflection: for an example of 784 bytes that was most of the cost. (Each epoch's shuffle of those
 * examples does not use Kryo: {@link PlacedExampleSerializer}.)
 */
public final class DigitsKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    new Nd4jRegistrator().registerClasses(kryo);
    kryo.register(LabelledImage.class, new LabelledImageSerializer());
  }

  private static final class LabelledImageSerializer extends Serializer<LabelledImage> {
    LabelledImageSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, LabelledImage example) {
      output.writeInt(example.index(), true);
      output.writeInt(example.label(), true);
      output.writeInt(example.pixels().length, true);
      output.writeBytes(example.pixels());
    }

    @Override
    public LabelledImage read(Kryo kryo, Input input, Class<LabelledImage> type) {
      int index = input.readInt(true);
      int label = input.readInt(true);
      return new LabelledImage(index, label, input.readBytes(input.readInt(true)));
    }
  }
}
