package io.sparkdigits.core.idx;

import java.io.Serializable;

/** The two IDX files of one split of a dataset: images and their labels, as Hadoop URIs. */
public record IdxSplitFiles(String split, String images, String labels) implements Serializable {}
