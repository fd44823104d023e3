package io.sparkdigits.spark.dataset;

import io.sparkdigits.core.idx.IdxSplitFiles;
import io.sparkdigits.core.manifest.ValidationSplit;
import java.io.Serializable;
import java.util.BitSet;

/**
 * Items {@code [from, to)} of one split's IDX files: the unit of work of one ingest task, with
 * where its rows go. Each split's rows are numbered from 0 in file order; when a training file's
 * items are dealt to the training and validation splits ({@link ValidationSplit}), the chunk knows
 * which of its items are validation ones and the index that its first row of each split takes. A
 * plain class rather than a record, because Spark ships it with Kryo, whose field serializer
 * cannot build records.
 */
final class IdxChunk implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String split;
  private final String images;
  private final String labels;
  private final int from;
  private final int to;
  /** Bit i: item from + i goes to the validation split; a BitSet's words, which Kryo ships as they are. */
  private final long[] validation;
  private final int firstIndex;
  private final int firstValidationIndex;

  /**
   * The items, those of {@code validation} (bit i for item from + i) rows of the validation split
   * numbered from {@code firstValidationIndex}, the others rows of the files' split numbered from
   * {@code firstIndex}.
   */
  IdxChunk(IdxSplitFiles files, int from, int to, BitSet validation, int firstIndex, int firstValidationIndex) {
    this.split = files.split();
    this.images = files.images();
    this.labels = files.labels();
    this.from = from;
    this.to = to;
    this.validation = validation.toLongArray();
    this.firstIndex = firstIndex;
    this.firstValidationIndex = firstValidationIndex;
  }

  String split() {
    return split;
  }

  String images() {
    return images;
  }

  String labels() {
    return labels;
  }

  int from() {
    return from;
  }

  int to() {
    return to;
  }

  BitSet validation() {
    return BitSet.valueOf(validation);
  }

  int firstIndex() {
    return firstIndex;
  }

  int firstValidationIndex() {
    return firstValidationIndex;
  }
}
