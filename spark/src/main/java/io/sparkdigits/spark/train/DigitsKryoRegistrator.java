package io.sparkdigits.spark.train;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;

/**
 * Kryo's registrations for spark-digits ({@code spark.kryo.registrator} in conf/spark-defaults.conf):
 * ND4J's, for its arrays and DataSets, and the training split's blocks of examples, which training
 * keeps on the executors' disks as Spark's serialized blocks ({@link ShuffledEpochs}). Kryo writes an
 * unregistered class's name with every record and reads it back, and walks its fields by
 * reflection. (Each epoch's shuffle of those blocks does not use Kryo: {@link DealtBlockSerializer}.)
 */
public final class DigitsKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    new Nd4jRegistrator().registerClasses(kryo);
    kryo.register(ExampleBlock.class, new ExampleBlockSerializer());
  }

  /** A block in its own binary form: Kryo's streams are Java's streams. */
  private static final class ExampleBlockSerializer extends Serializer<ExampleBlock> {
    ExampleBlockSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, ExampleBlock block) {
      try {
        block.write(new DataOutputStream(output));
      } catch (IOException e) {
        throw new KryoException(e);
      }
    }

    @Override
    public ExampleBlock read(Kryo kryo, Input input, Class<ExampleBlock> type) {
      try {
        return ExampleBlock.read(new DataInputStream(input));
      } catch (IOException e) {
        throw new KryoException(e);
      }
    }
  }
}
