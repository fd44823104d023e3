package io.sparkdigits.spark.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A worker's minibatches, each one's arrays freed as soon as the worker is done with it, rather
 * than when the garbage collector finds its Java object. ND4J keeps an array's data outside the
 * heap and frees it only then, and a minibatch's few hundred bytes of heap hardly move the
 * collector: an epoch of three million examples left gigabytes of dead minibatches resident
 * between two collections. DL4J's worker fits one minibatch at a time, and asks whether there is
 * another between taking a minibatch and fitting it, so when it takes minibatch k it is done with
 * k-2: that one is freed then. The last two are left to the collector.
 */
final class ReleasedMinibatches implements Iterator<DataSet> {
  /** Minibatches the worker may still be using: the one it fits, and the one it took before. */
  private static final int IN_USE = 2;

  private final Iterator<DataSet> minibatches;
  private final Deque<DataSet> handedOut = new ArrayDeque<>(IN_USE + 1);

  ReleasedMinibatches(Iterator<DataSet> minibatches) {
    this.minibatches = minibatches;
  }

  @Override
  public boolean hasNext() {
    return minibatches.hasNext();
  }

  @Override
  public DataSet next() {
    DataSet next = minibatches.next();
    handedOut.addLast(next);
    if (handedOut.size() > IN_USE) {
      DataSet done = handedOut.removeFirst();
      done.getFeatures().close();
      done.getLabels().close();
    }
    return next;
  }
}
