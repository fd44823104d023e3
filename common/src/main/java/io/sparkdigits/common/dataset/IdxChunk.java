package io.sparkdigits.common.dataset;

import io.sparkdigits.common.idx.IdxSplitFiles;
import java.io.Serializable;

/** Items {@code [from, to)} of one split's IDX files: the unit of work of one ingest task. */
record IdxChunk(IdxSplitFiles files, int from, int to) implements Serializable {}
