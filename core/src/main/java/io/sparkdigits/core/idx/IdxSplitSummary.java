package io.sparkdigits.core.idx;

/**
 * A validated split: how many images, their size, how often each label occurs, and the checksums
 * of the two files. {@code headerBytes} of each file lets readers seek straight to an item.
 */
public record IdxSplitSummary(
    String split,
    int count,
    int rows,
    int columns,
    long[] labelCounts,
    IdxFileSummary images,
    IdxFileSummary labels) {

  public int pixels() {
    return rows * columns;
  }
}
