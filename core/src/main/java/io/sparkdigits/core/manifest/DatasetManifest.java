package io.sparkdigits.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.augment.Augmentation;
import io.sparkdigits.core.idx.IdxSplitSummary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * What an ingested dataset version holds and where it came from, stored beside its Parquet files.
 * Training reads image size and class count from it; a re-ingest compares the source checksums with
 * it. {@code version} is the id of the version it describes (null in a dataset written before
 * versions existed). {@code augmentation} says how an augmented dataset was made from its source,
 * whose split summaries (files and checksums) it keeps; it is absent (null) for an ingested one,
 * and from the manifests written before augmentation existed. {@code validation} says how the
 * validation split was set aside from the source's training images (null in manifests written
 * before validation splits existed, which have none); an augmented dataset keeps its source's.
 */
public record DatasetManifest(
    int formatVersion,
    String version,
    int numClasses,
    int rows,
    int columns,
    List<IdxSplitSummary> splits,
    String createdAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) Augmentation augmentation,
    @JsonInclude(JsonInclude.Include.NON_NULL) ValidationSplit validation) {

  public static final int FORMAT_VERSION = 1;

  /** The names of the splits, in the manifest and in the Parquet layout ({@code split=train/}, ...). */
  public static final String TRAIN = "train";
  public static final String TEST = "test";
  /** Set aside from the source's training images at ingest ({@link ValidationSplit}); absent when none was. */
  public static final String VALIDATION = "validation";

  public Optional<IdxSplitSummary> split(String name) {
    return splits.stream().filter(s -> s.split().equals(name)).findFirst();
  }

  public IdxSplitSummary requireSplit(String name) {
    return split(name).orElseThrow(() -> new UsageException("the dataset has no '" + name + "' split"));
  }

  public int pixels() {
    return rows * columns;
  }

  /** The same manifest, describing version {@code id}. */
  public DatasetManifest withVersion(String id) {
    return new DatasetManifest(formatVersion, id, numClasses, rows, columns, splits, createdAt, augmentation,
        validation);
  }

  /**
   * Refuses to train on a training split with images of fewer than two classes, from which a
   * classifier learns nothing but to answer its one class. Ingest counted each split's labels, so
   * this reads no data. {@code data} names the dataset for the user.
   */
  public void requireTrainable(String data) {
    List<Integer> classes = classesIn(requireSplit(TRAIN));
    if (classes.size() < 2) {
      throw new UsageException(data + ": the training split holds images of "
          + (classes.isEmpty() ? "no class" : "class " + classes.get(0) + " only")
          + ": a classifier needs at least 2 classes to learn from");
    }
  }

  /** The classes that the test split has images of and the training split none: a model never learns them. */
  public List<Integer> classesUntrained() {
    List<Integer> trained = classesIn(requireSplit(TRAIN));
    return split(TEST).map(DatasetManifest::classesIn).orElse(List.of()).stream()
        .filter(label -> !trained.contains(label)).toList();
  }

  private static List<Integer> classesIn(IdxSplitSummary split) {
    return IntStream.range(0, split.labelCounts().length).filter(label -> split.labelCounts()[label] > 0).boxed()
        .toList();
  }

  /** Whether the dataset has a validation split: those written before validation splits existed have none. */
  public boolean hasValidationSplit() {
    return split(VALIDATION).isPresent();
  }

  /**
   * The identity of the content: a SHA-256 over every split's source checksums, whatever files they
   * were read from, how its validation split was drawn, and for an augmented dataset how it was
   * augmented. Retraining records it as the data a model was trained on. An ingested dataset
   * without a validation split has the fingerprint it had before augmentation and validation
   * splits existed, so that the models trained on it still match it.
   */
  public String contentFingerprint() {
    StringBuilder checksums = new StringBuilder();
    for (IdxSplitSummary split : splits) {
      checksums.append(split.split()).append(':').append(split.images().sha256()).append(':')
          .append(split.labels().sha256()).append(';');
    }
    if (validationIdentity() != null) {
      checksums.append(validationIdentity()).append(';');
    }
    if (augmentation != null) {
      checksums.append(augmentation.contentIdentity());
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(checksums.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * True when both manifests describe the same content, whatever its location or time: the same
   * source content, with the same validation split, augmented the same way or not at all.
   */
  public boolean sameContentAs(DatasetManifest other) {
    if (other.numClasses != numClasses || other.splits.size() != splits.size()
        || !Objects.equals(validationIdentity(), other.validationIdentity())
        || !Objects.equals(contentIdentity(augmentation), contentIdentity(other.augmentation))) {
      return false;
    }
    for (IdxSplitSummary mine : splits) {
      Optional<IdxSplitSummary> theirs = other.split(mine.split());
      if (theirs.isEmpty()
          || !Objects.equals(mine.images().sha256(), theirs.get().images().sha256())
          || !Objects.equals(mine.labels().sha256(), theirs.get().labels().sha256())) {
        return false;
      }
    }
    return true;
  }

  /** How the validation split was drawn; null without one, as before validation splits existed. */
  private String validationIdentity() {
    return validation == null || !validation.any() ? null : validation.contentIdentity();
  }

  private static String contentIdentity(Augmentation augmentation) {
    return augmentation == null ? null : augmentation.contentIdentity();
  }
}
