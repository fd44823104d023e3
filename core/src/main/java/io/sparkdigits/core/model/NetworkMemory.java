package io.sparkdigits.core.model;

import com.sun.management.OperatingSystemMXBean;
import io.sparkdigits.core.UsageException;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

/**
 * The least memory training a network takes in the driver, which holds the network and averages
 * the workers' parameters and updater state into it, against what the driver's JVM may use: so
 * that a network that can never fit is refused in one line before Spark starts, not by ND4J's
 * {@code std::bad_alloc} once Spark has. Outside the Java heap, where ND4J keeps its arrays: the
 * parameters, their gradients and the updater's state (Adam: two values per parameter), 4 bytes
 * each. On the heap: the parameters serialised as one byte array to send to the executors, and
 * the buffer it is written into. Activations, minibatches and, in local mode, each task slot's
 * own copies come on top (the README's "Memory" section), so it refuses only what cannot train,
 * never a network that could. (Batch normalisation's running mean and variance keep no updater
 * state, which this counts for them too: a few values per channel.)
 */
public record NetworkMemory(String network, String updater, long parameters, long updaterValues) {
  /** Bytes per parameter: the networks are of floats. */
  private static final long FLOAT = Float.BYTES;
  /** The longest Java array, which holds the serialised parameters. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
  private static final double GIB = 1L << 30;

  /** What training {@code network} takes; its input must be known (see {@link NetworkSpec#fitTo}). */
  public static NetworkMemory of(NetworkSpec network) {
    String architecture = network.architecture().describe();
    long parameters;
    try {
      parameters = network.architecture().parameters();
    } catch (ArithmeticException e) {
      throw new UsageException("the network " + architecture + " has more parameters than a long counts: make it "
          + "smaller");
    }
    return new NetworkMemory(architecture, network.updater().name().toLowerCase(Locale.ROOT), parameters,
        network.updater().valuesPerParameter());
  }

  /** Bytes of ND4J's arrays outside the heap: parameters, gradients and the updater's state. */
  public double offHeapBytes() {
    return (double) FLOAT * parameters * (2 + updaterValues);
  }

  /** Bytes of the heap: the serialised parameters and the buffer they were written into. */
  public double heapBytes() {
    return 2.0 * FLOAT * parameters;
  }

  /** Checks that this JVM may hold it; otherwise one line naming the numbers and the setting to raise. */
  public void requireWithinThisJvm() {
    long heap = Runtime.getRuntime().maxMemory();
    // JavaCPP's bound on the process's resident memory, which it checks at every array ND4J
    // allocates: -Dorg.bytedeco.javacpp.maxphysicalbytes, which submit/ sets to heap + off-heap
    // budget + 384m; by default four times the heap; 0 for none, when the machine's memory bounds it
    long resident = Pointer.maxPhysicalBytes();
    if (resident <= 0) {
      resident = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }
    requireWithin(heap, resident - heap);
  }

  /** Checks against a heap of {@code heap} bytes and {@code offHeap} bytes of room for ND4J's arrays. */
  void requireWithin(long heap, long offHeap) {
    String has = String.format("the network %s has %,d parameters", network, parameters);
    if (offHeapBytes() > offHeap) {
      throw new UsageException(String.format("%s: training it with %s takes at least %s outside the Java heap (4 bytes "
              + "each for the parameters, their gradients and %d values of %s's state), and this JVM may use %s "
              + "there: make the network smaller, or raise DRIVER_OFFHEAP (submit/) or "
              + "-Dorg.bytedeco.javacpp.maxphysicalbytes", has, updater, size(offHeapBytes()), updaterValues,
          updater, size(offHeap)));
    }
    if (FLOAT * parameters > MAX_ARRAY) {
      throw new UsageException(String.format("%s: sent to the executors as one Java array of 4 bytes each, they "
          + "would take %s, and an array holds at most 2 GiB: make the network smaller", has,
          size(FLOAT * (double) parameters)));
    }
    if (heapBytes() > heap) {
      throw new UsageException(String.format("%s: sending them to the executors takes %s of Java heap, and this "
          + "JVM's heap is %s: make the network smaller, or raise DRIVER_MEMORY (submit/) or -Xmx", has,
          size(heapBytes()), size(heap)));
    }
  }

  private static String size(double bytes) {
    return String.format("%,.1f GiB", bytes / GIB);
  }
}
