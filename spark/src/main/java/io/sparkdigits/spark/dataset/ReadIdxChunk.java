package io.sparkdigits.spark.dataset;

import io.sparkdigits.core.idx.IdxInput;
import io.sparkdigits.core.manifest.DatasetManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import org.datavec.spark.util.SerializableHadoopConfig;

/**
 * Reads one chunk of a split's image and label files, on an executor, as rows of {@link
 * DigitsSchema}: of the chunk's split, or of the validation split for the items the chunk sets aside.
 */
final class ReadIdxChunk implements FlatMapFunction<IdxChunk, Row> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<SerializableHadoopConfig> hadoopConf;

  ReadIdxChunk(Broadcast<SerializableHadoopConfig> hadoopConf) {
    this.hadoopConf = hadoopConf;
  }

  @Override
  public Iterator<Row> call(IdxChunk chunk) throws IOException {
    Configuration conf = hadoopConf.value().getConfiguration();
    Path imagesPath = new Path(chunk.images());
    Path labelsPath = new Path(chunk.labels());
    IdxInput images = IdxInput.open(imagesPath.getFileSystem(conf), imagesPath);
    IdxInput labels;
    try {
      labels = IdxInput.open(labelsPath.getFileSystem(conf), labelsPath);
      images.skipTo(chunk.from());
      labels.skipTo(chunk.from());
    } catch (IOException | RuntimeException e) {
      images.close();
      throw e;
    }
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> closeQuietly(images, labels));
    }
    return new RowIterator(chunk, images, labels);
  }

  private static void closeQuietly(IdxInput... inputs) {
    for (IdxInput input : inputs) {
      try {
        input.close();
      } catch (IOException ignored) {
        // the task is over; nothing was written through these streams
      }
    }
  }

  private static final class RowIterator implements Iterator<Row> {
    private final IdxChunk chunk;
    private final IdxInput images;
    private final IdxInput labels;
    private final int pixels;
    private final byte[] label = new byte[1];
    private final BitSet validation;
    private int next;
    private int nextIndex;
    private int nextValidationIndex;

    RowIterator(IdxChunk chunk, IdxInput images, IdxInput labels) {
      this.chunk = chunk;
      this.images = images;
      this.labels = labels;
      this.pixels = Math.toIntExact(images.header().itemBytes());
      this.next = chunk.from();
      this.validation = chunk.validation();
      this.nextIndex = chunk.firstIndex();
      this.nextValidationIndex = chunk.firstValidationIndex();
    }

    @Override
    public boolean hasNext() {
      if (next < chunk.to()) {
        return true;
      }
      closeQuietly(images, labels);
      return false;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      byte[] image = new byte[pixels];
      try {
        images.readItem(image);
        labels.readItem(label);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      boolean validating = validation.get(next++ - chunk.from());
      return validating
          ? RowFactory.create(DatasetManifest.VALIDATION, nextValidationIndex++, Byte.toUnsignedInt(label[0]), image)
          : RowFactory.create(chunk.split(), nextIndex++, Byte.toUnsignedInt(label[0]), image);
    }
  }
}
