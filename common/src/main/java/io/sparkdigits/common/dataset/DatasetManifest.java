package io.sparkdigits.common.dataset;

import io.sparkdigits.common.UsageException;
import io.sparkdigits.common.idx.IdxSplitSummary;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an ingested dataset holds and where it came from, stored beside the Parquet files. Training
 * reads image size and class count from it; a re-ingest compares the source checksums with it.
 */
public record DatasetManifest(
    int formatVersion,
    int numClasses,
    int rows,
    int columns,
    List<IdxSplitSummary> splits,
    String createdAt) {

  public static final int FORMAT_VERSION = 1;

  public Optional<IdxSplitSummary> split(String name) {
    return splits.stream().filter(s -> s.split().equals(name)).findFirst();
  }

  public IdxSplitSummary requireSplit(String name) {
    return split(name).orElseThrow(() -> new UsageException("the dataset has no '" + name + "' split"));
  }

  public int pixels() {
    return rows * columns;
  }

  /** True when both manifests describe the same source content, whatever its location or time. */
  public boolean sameContentAs(DatasetManifest other) {
    if (other.numClasses != numClasses || other.splits.size() != splits.size()) {
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
}
