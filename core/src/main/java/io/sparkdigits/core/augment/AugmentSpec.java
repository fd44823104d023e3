package io.sparkdigits.core.augment;

import io.sparkdigits.core.UsageException;
import java.io.Serializable;

/**
 * What augmenting a dataset makes: {@code copies} deformed copies of every training image besides
 * the image itself, each a pure function of {@code seed}, the image's index and the copy's number.
 */
public record AugmentSpec(int copies, long seed, DeformationParameters deformation) implements Serializable {

  public AugmentSpec {
    if (copies < 1) {
      throw new UsageException("copies must be at least 1, got " + copies);
    }
  }

  /**
   * The images of a training split of {@code images} once augmented: the originals and their
   * copies, {@code images * (copies + 1)}, which must fit the dataset's int index.
   */
  public int augmentedCount(int images) {
    long count = (long) images * (copies + 1);
    if (count > Integer.MAX_VALUE) {
      throw new UsageException(String.format("%,d images with %d copies each make %,d, more than a dataset's index "
          + "holds (%,d): take fewer copies", images, copies, count, Integer.MAX_VALUE));
    }
    return (int) count;
  }
}
