package io.sparkdigits.core.registry;

import io.sparkdigits.core.storage.HadoopFiles;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.core.storage.StorageName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The runs a storage root holds in {@code ROOT/runs}, where the pipeline published them before every
 * run belonged to a model. They are still read and served by id; {@link #moveInto} makes them runs of
 * a model, one rename each, so that they are listed, kept and rolled back to as the model's others.
 */
public final class LegacyRuns {
  private final FileSystem fs;
  private final StorageLayout layout;

  public LegacyRuns(FileSystem fs, StorageLayout layout) {
    this.fs = fs;
    this.layout = layout;
  }

  /** The ids of the runs in {@code ROOT/runs}, oldest first. */
  public List<String> ids() throws IOException {
    return HadoopFiles.list(fs, layout.legacyRuns(), HadoopFiles.VISIBLE).stream()
        .filter(FileStatus::isDirectory).map(status -> status.getPath().getName())
        .filter(StorageName::isValid)
        .toList();
  }

  /** One line that says how to move the runs into {@code model}; empty when there are none. */
  public Optional<String> notice(String model) throws IOException {
    int count = ids().size();
    return count == 0 ? Optional.empty() : Optional.of(String.format(
        "%s holds %d run%s published before every run belonged to a model: scripts/models.sh migrate --out %s "
            + "--model %s moves them into model %s", layout.legacyRuns(), count, count == 1 ? "" : "s",
        layout.root(), model, model));
  }

  /**
   * Moves every run of {@code ROOT/runs} into the runs of {@code registry}'s model, each in one
   * rename: a reader sees it in one place or the other, never half. A run of an id the model already
   * has is left where it is. Returns the ids moved; the champion is not changed.
   */
  public List<String> moveInto(ModelRegistry registry) throws IOException {
    List<String> moved = new ArrayList<>();
    for (String runId : ids()) {
      Path target = registry.runLayout().run(runId);
      if (!fs.exists(target)) {
        HadoopFiles.commitDirectory(fs, layout.legacyRun(runId), target);
        moved.add(runId);
      }
    }
    return moved;
  }
}
