package io.sparkdigits.serve;

import io.sparkdigits.common.registry.ModelRegistry;
import io.sparkdigits.common.storage.StorageLayout;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where the server finds a run by its id: among the model's registry runs (what retraining
 * publishes and promotes), else among the runs the pipeline published at the storage root, which
 * {@code --run} may serve too. Only names that are run ids are looked up, never a path.
 */
final class RunFolders {
  /** What a run id may be: {@code StorageLayout.newRunId()} makes {@code 20261127-101500-ab12cd}; no separators, no dots alone. */
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final FileSystem fs;
  private final StorageLayout root;
  private final ModelRegistry registry;

  RunFolders(FileSystem fs, StorageLayout root, ModelRegistry registry) {
    this.fs = fs;
    this.root = root;
    this.registry = registry;
  }

  static boolean isRunId(String text) {
    return RUN_ID.matcher(text).matches() && !text.contains("..");
  }

  /** The published run {@code runId} of the model, or of the storage root; empty when there is none. */
  Optional<Path> find(String runId) throws IOException {
    if (!isRunId(runId)) {
      return Optional.empty();
    }
    for (Path run : new Path[] {registry.runLayout().run(runId), root.run(runId)}) {
      if (fs.exists(new Path(run, StorageLayout.MODEL_FILE))) {
        return Optional.of(run);
      }
    }
    return Optional.empty();
  }

  FileSystem fileSystem() {
    return fs;
  }
}
