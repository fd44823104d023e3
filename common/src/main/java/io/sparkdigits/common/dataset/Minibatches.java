package io.sparkdigits.common.dataset;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rows of {@link DigitsSchema} to ND4J minibatches: features are the pixels scaled to [0, 1] as
 * floats, one row per example; labels are one-hot over the classes; each example's index in the
 * split is its DL4J example metadata ({@link #indices}), so that scoring can name the images it
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

  @Override
  public Iterator<DataSet> call(Iterator<Row> rows) {
    List<DataSet> batches = new ArrayList<>();
    List<Row> batch = new ArrayList<>(batchSize);
    while (rows.hasNext()) {
      batch.add(rows.next());
      if (batch.size() == batchSize) {
        batches.add(toDataSet(batch));
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      batches.add(toDataSet(batch));
    }
    return batches.iterator();
  }

  /** One minibatch of the given rows, in their order. */
  public DataSet toDataSet(List<Row> rows) {
    int n = rows.size();
    List<byte[]> images = new ArrayList<>(n);
    List<Integer> indices = new ArrayList<>(n);
    float[] labels = new float[n * numClasses];
    for (int i = 0; i < n; i++) {
      Row row = rows.get(i);
      byte[] image = row.getAs(DigitsSchema.PIXELS);
      if (image.length != pixels) {
        throw new IllegalArgumentException("image " + row.getAs(DigitsSchema.INDEX) + " has " + image.length
            + " pixels where " + pixels + " were expected");
      }
      images.add(image);
      indices.add(row.getAs(DigitsSchema.INDEX));
      int label = row.<Integer>getAs(DigitsSchema.LABEL);
      if (label < 0 || label >= numClasses) {
        throw new IllegalArgumentException("label " + label + " of image " + row.getAs(DigitsSchema.INDEX)
            + " is outside 0 to " + (numClasses - 1));
      }
      labels[i * numClasses + label] = 1f;
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
    float[] features = new float[images.size() * pixels];
    for (int i = 0; i < images.size(); i++) {
      byte[] image = images.get(i);
      for (int p = 0; p < pixels; p++) {
        features[i * pixels + p] = scale(image[p]);
      }
    }
    return Nd4j.create(features, new long[] {images.size(), pixels}, 'c');
  }
}
