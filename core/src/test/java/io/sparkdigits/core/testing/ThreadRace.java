package io.sparkdigits.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Attempts on several threads released at the same moment, to make them collide. */
public final class ThreadRace {
  /** One thread's attempt, given its index. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run(int index) throws Exception;
  }

  private ThreadRace() {}

  /** Runs {@code attempt} on {@code threads} threads released at the same moment; their results by index. */
  public static <T> List<T> race(int threads, Attempt<T> attempt) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(pool.submit((Callable<T>) () -> {
          start.await();
          return attempt.run(index);
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
