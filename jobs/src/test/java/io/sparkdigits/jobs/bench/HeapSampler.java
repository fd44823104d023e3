package io.sparkdigits.jobs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest heap in use that this JVM reached, sampled every 50 ms. Heap in use counts garbage
 * not yet collected, so it is what the JVM needed with its collector, not a lower bound.
 */
final class HeapSampler implements AutoCloseable {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peak = new AtomicLong();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "heap-sampler");
    thread.setDaemon(true);
    return thread;
  });

  HeapSampler() {
    sampler.scheduleAtFixedRate(this::sample, 0, 50, TimeUnit.MILLISECONDS);
  }

  private void sample() {
    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
  }

  long peakBytes() {
    sample();
    return peak.get();
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
