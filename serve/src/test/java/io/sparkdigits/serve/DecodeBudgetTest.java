package io.sparkdigits.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.image.EncodedImage;
import org.junit.jupiter.api.Test;

/** The budget's rule: half the heap at EncodedImage.HEAP_BYTES_PER_PIXEL, at least one picture of the largest size. */
class DecodeBudgetTest {
  @Test
  void aOneGigabyteHeapDecodesTwentyTwoMegapixelsAtOnceAndDefersTheRest() {
    DecodeBudget budget = DecodeBudget.forHeap(1L << 30);
    long total = (1L << 29) / EncodedImage.HEAP_BYTES_PER_PIXEL;
    assertThat(total).isEqualTo(22_369_621);

    DecodeBudget.Lease largest = budget.take(EncodedImage.MAX_PIXELS);
    DecodeBudget.Lease rest = budget.take(total - EncodedImage.MAX_PIXELS);
    assertThatThrownBy(() -> budget.take(1)).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.status()).isEqualTo(503);
      assertThat(e.retryAfterSeconds()).hasValue(1);
      assertThat(e.clientsFault()).isFalse();
    });
    largest.close();
    budget.take(EncodedImage.MAX_PIXELS).close();
    rest.close();
  }

  @Test
  void aSmallHeapStillDecodesOnePictureOfTheLargestSize() {
    DecodeBudget budget = DecodeBudget.forHeap(64L << 20);
    DecodeBudget.Lease largest = budget.take(EncodedImage.MAX_PIXELS);
    assertThatThrownBy(() -> budget.take(1)).isInstanceOf(ApiError.class);
    largest.close();
  }
}
