package io.sparkdigits.spark.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import scala.Tuple2;
import scala.reflect.ClassTag;

/**
 * Spark's serializer for the epoch's shuffle, whose records are blocks of training examples keyed
 * by the shuffle partition (round and worker) they are dealt to: each record is that partition's
 * number and the block's {@link ExampleBlock#write binary form}.
 *
 * <p>The shuffle's serializer travels with every task of the epoch (Spark ships it inside the
 * shuffle dependency). Spark's KryoSerializer carries the application's whole configuration, and
 * each task's copy builds a Kryo instance of its own, registering hundreds of classes, to move one
 * kind of record (about 30 Kryo instances an epoch on MNIST). This one holds nothing and needs
 * nothing set up. Its records stand alone, with no stream header and no references between them,
 * so Spark may move their bytes ({@link #supportsRelocationOfSerializedObjects}), as it did Kryo's:
 * a shuffle with more partitions than Spark's bypass threshold sorts the serialized records in
 * pages rather than holding them as objects.
 */
final class DealtBlockSerializer extends Serializer implements Serializable {
  private static final long serialVersionUID = 1L;

  @Override
  public SerializerInstance newInstance() {
    return new Instance();
  }

  @Override
  public boolean supportsRelocationOfSerializedObjects() {
    return true;
  }

  private static final class Instance extends SerializerInstance {
    @Override
    public <T> ByteBuffer serialize(T record, ClassTag<T> tag) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      serializeStream(bytes).writeObject(record, tag).close();
      return ByteBuffer.wrap(bytes.toByteArray());
    }

    @Override
    public <T> T deserialize(ByteBuffer bytes, ClassTag<T> tag) {
      byte[] copy = new byte[bytes.remaining()];
      bytes.duplicate().get(copy);
      DeserializationStream in = deserializeStream(new ByteArrayInputStream(copy));
      try {
        return in.readObject(tag);
      } finally {
        in.close();
      }
    }

    @Override
    public <T> T deserialize(ByteBuffer bytes, ClassLoader loader, ClassTag<T> tag) {
      return deserialize(bytes, tag);
    }

    @Override
    public SerializationStream serializeStream(OutputStream stream) {
      return new Writer(new DataOutputStream(stream));
    }

    @Override
    public DeserializationStream deserializeStream(InputStream stream) {
      return new Reader(new DataInputStream(stream));
    }
  }

  /** Writes (partition, block) records, whole or as a key and then a value, as Spark's shuffle writers do. */
  private static final class Writer extends SerializationStream {
    private final DataOutputStream out;

    Writer(DataOutputStream out) {
      this.out = out;
    }

    @Override
    public <T> SerializationStream writeObject(T record, ClassTag<T> tag) {
      Tuple2<?, ?> pair = (Tuple2<?, ?>) record;
      return writeKey(pair._1(), null).writeValue(pair._2(), null);
    }

    @Override
    public <T> SerializationStream writeKey(T partition, ClassTag<T> tag) {
      try {
        out.writeInt((Integer) partition);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    @Override
    public <T> SerializationStream writeValue(T value, ClassTag<T> tag) {
      try {
        ((ExampleBlock) value).write(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    @Override
    public void flush() {
      unchecked(out::flush);
    }

    @Override
    public void close() {
      unchecked(out::close);
    }
  }

  /**
   * Reads what {@link Writer} wrote. The end of the stream before a record's key ends the records
   * ({@link java.io.EOFException}, as Spark's readers expect); anywhere else it is an error.
   */
  private static final class Reader extends DeserializationStream {
    private final DataInputStream in;

    Reader(DataInputStream in) {
      this.in = in;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T readObject(ClassTag<T> tag) {
      Object position = readKey(null);
      return (T) new Tuple2<>(position, readValue(null));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T readKey(ClassTag<T> tag) {
      try {
        return (T) Integer.valueOf(in.readInt());
      } catch (IOException e) {
        throw sneaky(e);
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T readValue(ClassTag<T> tag) {
      try {
        return (T) ExampleBlock.read(in);
      } catch (IOException e) {
        throw new UncheckedIOException("shuffle record cut short or corrupt", e);
      }
    }

    @Override
    public void close() {
      unchecked(in::close);
    }
  }

  /** Spark's stream methods declare no exceptions. */
  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  private static void unchecked(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Rethrows a checked exception unchanged: Spark's record iterators end at an
   * {@link java.io.EOFException} thrown by {@code readKey}, which a Scala caller catches though
   * Java's signature cannot declare it.
   */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
