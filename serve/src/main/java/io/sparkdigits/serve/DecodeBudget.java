package io.sparkdigits.serve;

import io.sparkdigits.core.image.EncodedImage;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many pixels the server decodes at once, so that concurrent large pictures cannot exhaust the
 * heap: a request takes its picture's pixels from the budget for as long as it decodes and
 * normalises it, and is answered 503 with {@code Retry-After} when they are not there. It never
 * waits for them: a waiting request would hold its body and thread while more arrive.
 *
 * <p>The budget is half the heap at {@link EncodedImage#HEAP_BYTES_PER_PIXEL} a pixel (the rest
 * holds the networks, request bodies and Jetty), and never less than one picture of the largest
 * size, which could otherwise never be read.
 */
final class DecodeBudget {
  private static final Logger LOG = LoggerFactory.getLogger(DecodeBudget.class);
  private static final double HEAP_SHARE = 0.5;
  /**
   * The budget frees as pictures are done, within 1 to 4 s for one of the largest size on 2 busy
   * cores (docs/serving.md): a client that tries again after a second soon finds room.
   */
  private static final int RETRY_AFTER_SECONDS = 1;

  /** Pixels decoding now, returned by {@link #close}. */
  interface Lease extends AutoCloseable {
    @Override
    void close();
  }

  private final Semaphore pixels;
  private final int total;

  DecodeBudget(int pixels) {
    this.pixels = new Semaphore(pixels);
    this.total = pixels;
  }

  /** The budget of a heap of {@code maxHeapBytes}. */
  static DecodeBudget forHeap(long maxHeapBytes) {
    long share = (long) (maxHeapBytes * HEAP_SHARE) / EncodedImage.HEAP_BYTES_PER_PIXEL;
    DecodeBudget budget = new DecodeBudget((int) Math.min(Integer.MAX_VALUE, Math.max(EncodedImage.MAX_PIXELS, share)));
    LOG.info("Decoding at most {} megapixels of pictures at once: half the heap of {} MB at {} bytes a pixel",
        String.format("%.1f", budget.total / 1e6), maxHeapBytes >> 20, EncodedImage.HEAP_BYTES_PER_PIXEL);
    return budget;
  }

  /** {@code count} pixels of the budget until the lease is closed; 503 when they are not free now. */
  Lease take(long count) {
    int permits = (int) count;
    if (!pixels.tryAcquire(permits)) {
      throw ApiError.busy("the server is decoding as many pixels as its memory allows: try again in "
          + RETRY_AFTER_SECONDS + " s", RETRY_AFTER_SECONDS);
    }
    return () -> pixels.release(permits);
  }
}
