package io.sparkdigits.core.model;

import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the network takes: images of unsigned bytes (0 background to 255 ink, as IDX files and
 * {@code DigitPreprocessor} give them) scaled to [0, 1] floats, one row per image. Every path that
 * feeds a network (training, evaluation, the predict job, the prediction server) scales pixels here.
 * Free of Spark, so that a JVM without Spark's jars (the server) can use it.
 */
public final class NetworkInput {
  private NetworkInput() {}

  /** A pixel of an IDX image (an unsigned byte, 0 to 255) as the network sees it. */
  public static float scale(byte pixel) {
    return Byte.toUnsignedInt(pixel) / 255f;
  }

  /**
   * The pixel that {@link #scale} turned into {@code feature}: exact, since {@code b / 255f} times
   * 255 lies within 255 float ulps (about 1e-5) of {@code b}.
   */
  public static byte unscale(float feature) {
    return (byte) Math.round(feature * 255);
  }

  /** The network's input for images of {@code pixels} unsigned bytes each: one row per image, every pixel through {@link #scale}. */
  public static INDArray features(List<byte[]> images, int pixels) {
    INDArray features = Nd4j.createUninitialized(DataType.FLOAT, images.size(), pixels);
    FloatBuffer memory = features.data().asNioFloat();
    for (int i = 0; i < images.size(); i++) {
      scaleInto(memory, i * pixels, images.get(i), 0, pixels);
    }
    return features;
  }

  /**
   * The network's input for {@code count} images of {@code pixels} unsigned bytes each, stored one
   * after another in {@code images} from image {@code first} on.
   */
  public static INDArray features(byte[] images, int first, int count, int pixels) {
    INDArray features = Nd4j.createUninitialized(DataType.FLOAT, count, pixels);
    scaleInto(features.data().asNioFloat(), 0, images, Math.multiplyExact(first, pixels),
        Math.multiplyExact(count, pixels));
    return features;
  }

  /**
   * Writes {@code length} pixels from {@code pixels[from]} on, scaled, into {@code memory} from
   * {@code at} on: in place, through a view of an array's own memory (filling a float[] that ND4J
   * then copies element by element took three times as long, and training builds every minibatch
   * of every epoch here). A method of its own, so that the JIT compiler compiles this loop early and
   * alone, not inside each of its callers with all that ND4J's array creation brings.
   */
  private static void scaleInto(FloatBuffer memory, int at, byte[] pixels, int from, int length) {
    for (int p = 0; p < length; p++) {
      memory.put(at + p, scale(pixels[from + p]));
    }
  }
}
