package io.sparkdigits.spark.train;

import io.sparkdigits.spark.dataset.Minibatches;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.IntToLongFunction;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One worker's examples of one round, in the epoch's order. They arrive from the shuffle in blocks,
 * in whatever order the blocks come, and each example goes straight to its place in the share: the
 * slot ({@link EpochOrder.Share#slot}) of its position in the epoch, its pixels into one byte array
 * for the whole share. Sorting by position gives the same order, but Spark's sorter holds the round
 * as objects for as long as the round runs: a second or more, long enough to be promoted out of the
 * young generation, so that every round left its examples in the old generation until a concurrent
 * cycle, and the heap grew with the number of rounds, that is with the data. A share is a few
 * primitive arrays instead, which the collector drops at the first young collection after the round
 * (G1 reclaims a large primitive array eagerly), and placing costs no sort. Its minibatches are
 * built from those arrays, one as each is taken.
 */
final class RoundShare {
  private final EpochOrder.Share share;
  private final int pixels;
  private final int[] indices;
  private final int[] labels;
  private final byte[] images;

  private RoundShare(EpochOrder.Share share, int pixels) {
    this.share = share;
    this.pixels = pixels;
    this.indices = new int[share.count()];
    this.labels = new int[share.count()];
    this.images = new byte[Math.multiplyExact(share.count(), pixels)];
    Arrays.fill(indices, -1);
  }

  /**
   * The examples of {@code share}, in their positions' order, as {@code batches}' minibatches, each
   * built as it is taken, from the blocks {@code arriving} in any order, an example's position in
   * the epoch being {@code positionOf} its index; fails on an example that is not the share's or
   * comes twice, images of another size, or a share left incomplete.
   */
  static Iterator<DataSet> minibatches(Iterator<ExampleBlock> arriving, EpochOrder.Share share,
      IntToLongFunction positionOf, Minibatches batches) {
    RoundShare placed = new RoundShare(share, batches.pixels());
    arriving.forEachRemaining(block -> placed.place(block, positionOf));
    placed.checkComplete();
    return placed.minibatches(batches);
  }

  private void place(ExampleBlock block, IntToLongFunction positionOf) {
    if (block.pixels() != pixels) {
      throw new IllegalArgumentException("images of " + block.pixels() + " pixels arrived where " + pixels
          + " were expected");
    }
    for (int example = 0; example < block.size(); example++) {
      int index = block.index(example);
      long position = positionOf.applyAsLong(index);
      int slot = share.slot(position);
      if (slot < 0) {
        throw new IllegalStateException("example " + index + " at position " + position
            + " was dealt to a share that does not hold that position: " + share);
      }
      if (indices[slot] >= 0) {
        throw new IllegalStateException("examples " + indices[slot] + " and " + index + " both took position "
            + position + ": the split's indices must be unique");
      }
      block.copyImage(example, images, slot * pixels);
      indices[slot] = index;
      labels[slot] = block.label(example);
    }
  }

  private void checkComplete() {
    for (int slot = 0; slot < indices.length; slot++) {
      if (indices[slot] < 0) {
        throw new IllegalStateException("no example arrived for position " + (share.first() + (long) slot
            * share.stride()) + ": the split's indices must number its examples from 0 without gaps");
      }
    }
  }

  private Iterator<DataSet> minibatches(Minibatches batches) {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < indices.length;
      }

      @Override
      public DataSet next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int count = Math.min(batches.batchSize(), indices.length - next);
        DataSet minibatch = batches.toDataSet(images, labels, indices, next, count);
        next += count;
        return minibatch;
      }
    };
  }
}
