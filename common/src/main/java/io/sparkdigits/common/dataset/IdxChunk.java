package io.sparkdigits.common.dataset;

import io.sparkdigits.common.idx.IdxSplitFiles;
import java.io.Serializable;

/**
 * Items {@code [from, to)} of one split's IDX files: the unit of work of one ingest task. A plain
 * class rather than a record, because Spark ships it with Kryo, whose field serializer cannot
 * build records.
 */
final class IdxChunk implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String split;
  private final String images;
  private final String labels;
  private final int from;
  private final int to;

  IdxChunk(IdxSplitFiles files, int from, int to) {
    this.split = files.split();
    this.images = files.images();
    this.labels = files.labels();
    this.from = from;
    this.to = to;
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
}
