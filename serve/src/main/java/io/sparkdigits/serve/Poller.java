package io.sparkdigits.serve;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How the server watches its storage: one task, run every poll interval on a daemon thread of its
 * own until closed. The task must not throw: an exception would end the schedule silently.
 */
final class Poller implements AutoCloseable {
  private final ScheduledExecutorService executor;

  Poller(String threadName) {
    executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, threadName);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Runs {@code task} every {@code interval}, the first time one interval from now. */
  void every(Duration interval, Runnable task) {
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
