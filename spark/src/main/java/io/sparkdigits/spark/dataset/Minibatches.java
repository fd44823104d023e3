package io.sparkdigits.spark.dataset;

import io.sparkdigits.core.model.NetworkInput;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.StreamSupport;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rows of {@link DigitsSchema}, or {@link LabelledImage}s, to ND4J minibatches, each built when it
 * is consumed, so that a partition never holds more than one in memory: features are the pixels
 * scaled to [0, 1] as floats, one row per example; labels are one-hot over the classes; each
 * example's index in the split is its DL4J example metadata ({@link #indices}), so that scoring can name the images it
 * gets wrong. Every path that feeds the network (training, evaluation, prediction) scales pixels
 * through {@link NetworkInput#scale}.
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

  /** Pixels of every image. */
  public int pixels() {
    return pixels;
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
    int[] labels = new int[n];
    int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      LabelledImage example = examples.get(i);
      if (example.pixels().length != pixels) {
        throw new IllegalArgumentException("image " + example.index() + " has " + example.pixels().length
            + " pixels where " + pixels + " were expected");
      }
      images.add(example.pixels());
      labels[i] = example.label();
      indices[i] = example.index();
    }
    return toDataSet(NetworkInput.features(images, pixels), labels, indices, 0, n);
  }

  /**
   * One minibatch of the {@code count} examples from number {@code first} on of examples held as
   * arrays: their images one after another in {@code images}, {@link #pixels} bytes each, their
   * labels and their indices in the split.
   */
  public DataSet toDataSet(byte[] images, int[] labels, int[] indices, int first, int count) {
    return toDataSet(NetworkInput.features(images, first, count, pixels), labels, indices, first, count);
  }

  private DataSet toDataSet(INDArray features, int[] labels, int[] indices, int first, int count) {
    float[] oneHot = new float[count * numClasses];
    List<Integer> exampleIndices = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int label = labels[first + i];
      if (label < 0 || label >= numClasses) {
        throw new IllegalArgumentException("label " + label + " of image " + indices[first + i]
            + " is outside 0 to " + (numClasses - 1));
      }
      oneHot[i * numClasses + label] = 1f;
      exampleIndices.add(indices[first + i]);
    }
    DataSet minibatch = new DataSet(features, Nd4j.create(oneHot, new long[] {count, numClasses}, 'c'));
    minibatch.setExampleMetaData(exampleIndices);
    return minibatch;
  }
}
