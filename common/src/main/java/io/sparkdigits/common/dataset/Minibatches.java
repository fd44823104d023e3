package io.sparkdigits.common.dataset;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.StreamSupport;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rows of {@link DigitsSchema}, or {@link LabelledImage}s, to ND4J minibatches, each built when it
 * is consumed, so that a partition never holds more than one in memory: features are the pixels
 * scaled to [0, 1] as floats, one row per example; labels are one-hot over the classes; each
 * example's index in the split is its DL4J example metadata ({@link #indices}), so that scoring can name the images it
 * gets wrong. Every path that feeds the network (training, evaluation, prediction) scales pixels
 * through {@link #scale}.
 */
public final class Minibatches implements FlatMapFunction<Iterator<Row>, DataSet> {
  private static final long serialVersionUID = 1L;

  private final int batchSize;
  private final int pixels;
  private final int numClasses;

  public Minibatches(int batchSize, int pixels, int numClasses) {
    this.batchSize = batchSize;
    this.pixels = pixels;
    this.numClasses = numClasses;
  }

  /** Examples per minibatch; the last of a partition may have fewer. */
  public int batchSize() {
    return batchSize;
  }

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

  /** The index in the split of each example of a minibatch built here, in its rows' order. */
  public static List<Integer> indices(DataSet minibatch) {
    List<Integer> indices = minibatch.getExampleMetaData(Integer.class);
    if (indices == null || indices.size() != minibatch.numExamples()) {
      throw new IllegalArgumentException("the minibatch carries no example indices: it was not built by Minibatches");
    }
    return indices;
  }

  /** The rows, in their order, as minibatches built one at a time as they are consumed. */
  @Override
  public Iterator<DataSet> call(Iterator<Row> rows) {
    return batches(StreamSupport.stream(Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED), false)
        .map(LabelledImage::of).iterator());
  }

  /** The examples, in their order, as minibatches built one at a time as they are consumed. */
  public Iterator<DataSet> batches(Iterator<LabelledImage> examples) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return examples.hasNext();
      }

      @Override
      public DataSet next() {
        List<LabelledImage> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && examples.hasNext()) {
          batch.add(examples.next());
        }
        if (batch.isEmpty()) {
          throw new NoSuchElementException();
        }
        return toDataSet(batch);
      }
    };
  }

  /** One minibatch of the given examples, in their order. */
  public DataSet toDataSet(List<LabelledImage> examples) {
    int n = examples.size();
    List<byte[]> images = new ArrayList<>(n);
    List<Integer> indices = new ArrayList<>(n);
    float[] labels = new float[n * numClasses];
    for (int i = 0; i < n; i++) {
      LabelledImage example = examples.get(i);
      if (example.pixels().length != pixels) {
        throw new IllegalArgumentException("image " + example.index() + " has " + example.pixels().length
            + " pixels where " + pixels + " were expected");
      }
      images.add(example.pixels());
      indices.add(example.index());
      if (example.label() < 0 || example.label() >= numClasses) {
        throw new IllegalArgumentException("label " + example.label() + " of image " + example.index()
            + " is outside 0 to " + (numClasses - 1));
      }
      labels[i * numClasses + example.label()] = 1f;
    }
    DataSet minibatch = new DataSet(features(images, pixels), Nd4j.create(labels, new long[] {n, numClasses}, 'c'));
    minibatch.setExampleMetaData(indices);
    return minibatch;
  }

  /**
   * The network's input for images of {@code pixels} unsigned bytes each: one row per image,
   * every pixel through {@link #scale}. Training, evaluation and prediction all build it here.
   */
  public static INDArray features(List<byte[]> images, int pixels) {
    INDArray features = Nd4j.createUninitialized(DataType.FLOAT, images.size(), pixels);
    // written in place, through a view of the array's own memory: filling a float[] that ND4J
    // then copies element by element took three times as long, and training builds every
    // minibatch of every epoch here
    FloatBuffer memory = features.data().asNioFloat();
    for (int i = 0; i < images.size(); i++) {
      byte[] image = images.get(i);
      for (int p = 0; p < pixels; p++) {
        memory.put(i * pixels + p, scale(image[p]));
      }
    }
    return features;
  }
}
