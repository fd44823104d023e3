package io.sparkdigits.core.testing;

import io.sparkdigits.core.model.NetworkInput;
import io.sparkdigits.core.idx.IdxInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * IDX files straight to ND4J minibatches, in file order, scaled as the pipeline scales pixels: the
 * reference that tests and benchmarks compare the Spark path with, with no Spark involved.
 */
public final class IdxDataSets {
  private IdxDataSets() {}

  public static List<DataSet> read(Path images, Path labels, int numClasses, int batchSize) throws IOException {
    Configuration conf = new Configuration();
    List<DataSet> batches = new ArrayList<>();
    try (IdxInput imageInput = IdxInput.open(images.getFileSystem(conf), images);
        IdxInput labelInput = IdxInput.open(labels.getFileSystem(conf), labels)) {
      int count = imageInput.header().count();
      int pixels = Math.toIntExact(imageInput.header().itemBytes());
      byte[] label = new byte[1];
      for (int from = 0; from < count; from += batchSize) {
        int n = Math.min(batchSize, count - from);
        List<byte[]> batch = new ArrayList<>(n);
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, n, numClasses);
        for (int i = 0; i < n; i++) {
          byte[] image = new byte[pixels];
          imageInput.readItem(image);
          labelInput.readItem(label);
          batch.add(image);
          oneHot.putScalar(i, Byte.toUnsignedInt(label[0]), 1f);
        }
        batches.add(new DataSet(NetworkInput.features(batch, pixels), oneHot));
      }
    }
    return batches;
  }

  /** The whole file pair as one DataSet. */
  public static DataSet readAll(Path images, Path labels, int numClasses) throws IOException {
    return DataSet.merge(read(images, labels, numClasses, Integer.MAX_VALUE));
  }
}
