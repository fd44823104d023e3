package io.sparkdigits.spark.train;

import java.io.Serializable;

/**
 * Where each training example goes in each epoch: a seeded permutation of the examples'
 * indices {@code 0 .. examples-1}, new every epoch, cut into {@code rounds} consecutive ranges,
 * each dealt to the {@code workers} in turn. So an epoch visits every example exactly once; every
 * worker's share of a round differs from the others' by at most one example; and the order is a
 * pure function of (seed, epoch, index), computed where the example is, with nothing the size of
 * the data on the driver: a resumed training or a recomputed partition sees the same order.
 *
 * <p>The permutation is a balanced Feistel network over the smallest even power of two that holds
 * the examples, walking the cycle until it lands inside them: a bijection of {@code 0 ..
 * examples-1} whatever their number, as format-preserving encryption builds one.
 */
public final class EpochOrder implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int FEISTEL_ROUNDS = 4;

  private final long examples;
  private final int workers;
  private final int rounds;
  private final long seed;
  private final int halfBits;
  private final long halfMask;

  public EpochOrder(long examples, int workers, int rounds, long seed) {
    if (examples < 1 || workers < 1 || rounds < 1 || (long) workers * rounds > examples) {
      throw new IllegalArgumentException("cannot deal " + examples + " examples to " + workers + " workers in "
          + rounds + " rounds");
    }
    this.examples = examples;
    this.workers = workers;
    this.rounds = rounds;
    this.seed = seed;
    int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(examples - 1));
    this.halfBits = (bits + 1) / 2;
    this.halfMask = (1L << halfBits) - 1;
  }

  public long examples() {
    return examples;
  }

  public int workers() {
    return workers;
  }

  public int rounds() {
    return rounds;
  }

  /** The most examples any worker gets in one round. */
  public long largestShare() {
    long largestRound = (examples + rounds - 1) / rounds;
    return (largestRound + workers - 1) / workers;
  }

  /** The place of example {@code index} in epoch {@code epoch}'s order: a permutation of 0 .. examples-1. */
  public long position(int epoch, long index) {
    if (index < 0 || index >= examples) {
      throw new IllegalArgumentException("example index " + index + " is outside 0 to " + (examples - 1)
          + ": the split's indices must number its examples from 0");
    }
    long key = mix(seed ^ mix(epoch + 0x9E3779B97F4A7C15L));
    long x = index;
    do {
      x = permuteBits(x, key);
    } while (x >= examples);
    return x;
  }

  /** The round an example at {@code position} is fitted in: the rounds take consecutive ranges of positions. */
  public int round(long position) {
    return (int) (position * rounds / examples);
  }

  /** The worker that fits the example at {@code position} in its round. */
  public int worker(long position) {
    return (int) (position % workers);
  }

  /**
   * The positions {@code worker} fits in {@code round}, in order: every {@code workers}-th of the
   * round's range, {@code first + k x workers} for {@code k} from 0 to {@code count - 1}.
   */
  public Share share(int round, int worker) {
    if (round < 0 || round >= rounds || worker < 0 || worker >= workers) {
      throw new IllegalArgumentException("no round " + round + " or worker " + worker + " in " + rounds
          + " rounds of " + workers + " workers");
    }
    long start = roundStart(round);
    long end = roundStart(round + 1);
    long first = start + Math.floorMod(worker - start, (long) workers);
    int count = first < end ? Math.toIntExact((end - 1 - first) / workers + 1) : 0;
    return new Share(first, count, workers);
  }

  /**
   * The first position of {@code round}: the least {@code p} that {@link #round} puts in it,
   * ceil(round x examples / rounds).
   */
  private long roundStart(int round) {
    return (round * examples + rounds - 1) / rounds;
  }

  /** A worker's positions in one round: {@code count} of them, {@code stride} apart from {@code first}. */
  public record Share(long first, int count, int stride) implements Serializable {
    /**
     * The place in the share of the example at {@code position}, 0 to count-1; -1 where the
     * position is not the share's.
     */
    public int slot(long position) {
      long offset = position - first;
      if (offset < 0 || offset % stride != 0 || offset / stride >= count) {
        return -1;
      }
      return (int) (offset / stride);
    }
  }

  /** The shuffle partitions an epoch is dealt to: one per round and worker. */
  public int partitions() {
    return rounds * workers;
  }

  /** The shuffle partition of the example at {@code position}: partition {@code round x workers + worker}. */
  public int partition(long position) {
    return round(position) * workers + worker(position);
  }

  /** A Feistel network on {@code 2 x halfBits} bits: a bijection for any round function. */
  private long permuteBits(long x, long key) {
    long left = x >>> halfBits;
    long right = x & halfMask;
    for (int r = 0; r < FEISTEL_ROUNDS; r++) {
      long next = left ^ (mix(right ^ key ^ (r * 0xD1B54A32D192ED03L)) & halfMask);
      left = right;
      right = next;
    }
    return (left << halfBits) | right;
  }

  /** SplitMix64's finaliser: every input bit reaches every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
