package io.sparkdigits.core.manifest;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.idx.IdxInput;
import java.io.IOException;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The part of a source's training images that ingest sets aside as the {@value DatasetManifest#VALIDATION}
 * split: {@code fraction} of them, drawn with {@code seed}, exactly stratified: of the n images of
 * each label, the round(fraction x n) first of a seeded shuffle of that label's images, as
 * scikit-learn's stratified shuffle split draws them. Recorded in the dataset's manifest; 0 sets
 * nothing aside.
 *
 * <p>Made at ingest, as a split of its own, rather than by the training stage: so a validation
 * image is the same one in every run of a dataset version whatever its network or seed, its
 * choice is part of the version's content fingerprint (another fraction or seed is another
 * version), and {@code augment} copies it as it is, with the test split, and deforms only the
 * remaining training images: a deformed copy of a validation image would otherwise be trained on.
 */
public record ValidationSplit(double fraction, long seed) {
  /** No validation split. */
  public static final ValidationSplit NONE = new ValidationSplit(0, 0);

  public ValidationSplit {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new UsageException("the validation fraction must be at least 0 and below 1, got " + fraction);
    }
  }

  /** Whether any image is set aside. */
  public boolean any() {
    return fraction > 0;
  }

  /** The images of each label set aside, of {@code labelCounts} images of each. */
  public long[] quotas(long[] labelCounts) {
    long[] quotas = new long[labelCounts.length];
    for (int label = 0; label < labelCounts.length; label++) {
      quotas[label] = Math.round(fraction * labelCounts[label]);
    }
    return quotas;
  }

  /**
   * Which of the {@code count} items of a labels file go to the validation split: a bit per item,
   * by its position in the file. Reads the labels once (the validator has checked them); holds
   * four bytes per item while it draws.
   */
  public BitSet draw(IdxInput labels, int count, long[] labelCounts) throws IOException {
    int[][] members = new int[labelCounts.length][];
    int[] filled = new int[labelCounts.length];
    for (int label = 0; label < labelCounts.length; label++) {
      members[label] = new int[Math.toIntExact(labelCounts[label])];
    }
    byte[] label = new byte[1];
    for (int item = 0; item < count; item++) {
      labels.readItem(label);
      int value = Byte.toUnsignedInt(label[0]);
      members[value][filled[value]++] = item;
    }
    long[] quotas = quotas(labelCounts);
    BitSet validation = new BitSet(count);
    SplittableRandom random = new SplittableRandom(seed);
    for (int value = 0; value < members.length; value++) {
      // a partial Fisher-Yates shuffle of the label's items: its first quota places are drawn
      int[] items = members[value];
      for (int place = 0; place < quotas[value]; place++) {
        int other = place + random.nextInt(items.length - place);
        int drawn = items[other];
        items[other] = items[place];
        items[place] = drawn;
        validation.set(drawn);
      }
    }
    return validation;
  }

  /** What decides the split's content, for the dataset's fingerprint. */
  String contentIdentity() {
    return "validation:fraction=" + fraction + ":seed=" + seed;
  }
}
