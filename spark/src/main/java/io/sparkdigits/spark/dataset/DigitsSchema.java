package io.sparkdigits.spark.dataset;

import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.manifest.ValidationSplit;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet layout of an ingested dataset: one row per image, partitioned by split (the split
 * names are the manifest's: {@link DatasetManifest#TRAIN}, ...). Pixels stay
 * the IDX file's unsigned bytes, row-major, in one binary value (784 bytes for MNIST rather than 784
 * doubles), so the dataset is as small as the source and any Parquet reader can decode it.
 */
public final class DigitsSchema {
  public static final String SPLIT = "split";
  /**
   * Number of the image in its split, from 0, in the order of its source IDX file: its position
   * in that file, unless a validation split was set aside from it ({@link ValidationSplit}), which
   * numbers the images of both splits from 0. A stable id across re-ingests of the same content.
   */
  public static final String INDEX = "index";
  public static final String LABEL = "label";
  public static final String PIXELS = "pixels";

  public static final StructType SCHEMA = new StructType()
      .add(SPLIT, DataTypes.StringType, false)
      .add(INDEX, DataTypes.IntegerType, false)
      .add(LABEL, DataTypes.IntegerType, false)
      .add(PIXELS, DataTypes.BinaryType, false);

  private DigitsSchema() {}
}
