package io.sparkdigits.spark.dataset;

import io.sparkdigits.core.InputFileException;
import io.sparkdigits.core.augment.ElasticDeformation;
import io.sparkdigits.core.manifest.DatasetManifest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One training row of the source dataset to its rows in the augmented one, on an executor: copy 0,
 * the image itself, and copies 1..K, each at index {@code copy * N + index} for the source's N
 * training images, so that the augmented split's indices are 0..N(K+1)-1, each once.
 */
final class AugmentCopies implements FlatMapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final ElasticDeformation deformation;
  private final long seed;
  private final int copies;
  private final int sourceCount;
  private final int pixels;
  /** The source version's directory, named when its rows disagree with its manifest. */
  private final String source;

  AugmentCopies(ElasticDeformation deformation, long seed, int copies, int sourceCount, int pixels, String source) {
    this.deformation = deformation;
    this.seed = seed;
    this.copies = copies;
    this.sourceCount = sourceCount;
    this.pixels = pixels;
    this.source = source;
  }

  @Override
  public Iterator<Row> call(Row row) throws InputFileException {
    int index = row.<Integer>getAs(DigitsSchema.INDEX);
    int label = row.<Integer>getAs(DigitsSchema.LABEL);
    byte[] image = row.getAs(DigitsSchema.PIXELS);
    if (index < 0 || index >= sourceCount) {
      throw new InputFileException(source, "training image index " + index + " is outside 0.." + (sourceCount - 1)
          + ", the count its manifest gives");
    }
    if (image.length != pixels) {
      throw new InputFileException(source, "training image " + index + " has " + image.length + " pixels, its "
          + "manifest says " + pixels);
    }
    List<Row> rows = new ArrayList<>(copies + 1);
    for (int copy = 0; copy <= copies; copy++) {
      rows.add(RowFactory.create(DatasetManifest.TRAIN, copy * sourceCount + index, label,
          deformation.copy(image, seed, index, copy)));
    }
    return rows.iterator();
  }
}
