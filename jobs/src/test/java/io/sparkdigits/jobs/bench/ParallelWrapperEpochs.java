package io.sparkdigits.jobs.bench;

import java.util.List;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Epochs of DL4J's own data parallelism in one JVM, {@link ParallelWrapper}, set up as the
 * pipeline's Spark parameter averaging is: as many workers, each fitting whole minibatches with its
 * own copy of the network, parameters and updater state (Adam's moments) averaged over the workers
 * every {@code averagingFrequency} minibatches of each worker, no prefetch thread.
 *
 * <p>ParallelWrapper deals the minibatches round-robin, one to each worker, and waits for all of
 * them after every round; the network itself is worker 0's, the other workers train copies that
 * it makes at the start of every {@code fit} and drops at its end. A fresh wrapper per epoch
 * keeps its round counter, and so the averaging rounds, per epoch, as the pipeline's are. Two
 * things can lose work, which {@link #lostMinibatches} counts: the other workers' rounds after an
 * epoch's last averaging, and a last round that not every worker got a minibatch in, whose
 * averaging leaves out the workers that got none.
 */
final class ParallelWrapperEpochs implements SingleJvmBench.EpochFit {
  private static final Logger LOG = LoggerFactory.getLogger(ParallelWrapperEpochs.class);

  private final int workers;
  private final int averagingFrequency;
  private final boolean oncePerEpoch;

  /**
   * {@code averagingFrequency} as the pipeline takes it: minibatches of each worker between two
   * averagings, 0 for once per epoch; {@code minibatches} of an epoch.
   */
  ParallelWrapperEpochs(int workers, int averagingFrequency, int minibatches) {
    if (workers < 2) {
      throw new IllegalArgumentException("ParallelWrapper needs at least 2 workers, got " + workers
          + ": give --workers 2 or more, or run it on a machine with 2 cores or more");
    }
    this.workers = workers;
    this.oncePerEpoch = averagingFrequency == 0;
    // once per epoch: after the last round that every worker has a minibatch in; a worker that
    // fits one more in a last, partial round is worker 0 (the network itself) or loses it
    this.averagingFrequency = oncePerEpoch ? Math.max(1, minibatches / workers) : averagingFrequency;
    int lost = lostMinibatches(minibatches, workers, this.averagingFrequency);
    if (lost > 0) {
      LOG.warn(String.format("ParallelWrapper, %d workers averaging every %d rounds: the work of %d of the %d "
              + "minibatches of every epoch is lost (%.1f%%)", workers, this.averagingFrequency, lost, minibatches,
          100.0 * lost / minibatches));
    }
  }

  @Override
  public String name() {
    return "single JVM ParallelWrapper";
  }

  @Override
  public void fit(MultiLayerNetwork net, List<DataSet> minibatches) throws Exception {
    try (ParallelWrapper wrapper = new ParallelWrapper.Builder<>(net)
        .trainingMode(ParallelWrapper.TrainingMode.AVERAGING)
        .workers(workers)
        .averagingFrequency(averagingFrequency)
        .averageUpdaters(true)
        // the minibatches already sit in memory, as the pipeline's cached ones do
        .prefetchBuffer(0)
        .build()) {
      wrapper.fit(new ExistingDataSetIterator(minibatches));
    }
  }

  @Override
  public String setting(String threads) {
    return String.format("%d workers, averaging %s, updater state averaged, %s each", workers,
        oncePerEpoch ? "once per epoch (every " + averagingFrequency + " rounds)" : "every " + averagingFrequency
            + " rounds", threads);
  }

  /**
   * How many of an epoch's {@code minibatches} ParallelWrapper fits and then throws away, averaging
   * every {@code frequency} rounds of (at most) one minibatch per worker: a worker's minibatches
   * since its last averaging are lost at the end of the epoch, except worker 0's, whose model is
   * the network.
   */
  static int lostMinibatches(int minibatches, int workers, int frequency) {
    int[] sinceAveraging = new int[workers];
    int round = 0;
    for (int dealt = 0; dealt < minibatches; ) {
      int taking = Math.min(workers, minibatches - dealt);
      dealt += taking;
      round++;
      for (int worker = 0; worker < taking; worker++) {
        sinceAveraging[worker]++;
      }
      if (round % frequency == 0) {
        // the averaging takes in only the workers that had a minibatch in this round
        for (int worker = 0; worker < taking; worker++) {
          sinceAveraging[worker] = 0;
        }
      }
    }
    int lost = 0;
    for (int worker = 1; worker < workers; worker++) {
      lost += sinceAveraging[worker];
    }
    return lost;
  }
}
