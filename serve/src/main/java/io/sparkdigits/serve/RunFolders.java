package io.sparkdigits.serve;

import io.sparkdigits.core.registry.ModelRegistry;
import io.sparkdigits.core.storage.StorageLayout;
import io.sparkdigits.core.storage.StorageName;
import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where the server finds a run by its id: among the model's runs, where every run is published,
 * else among those an older version published at the storage root ({@code ROOT/runs}), which
 * {@code --run} may serve too. Only names that are run ids ({@link StorageName}) are looked up, never a path.
 */
final class RunFolders {
  private final FileSystem fs;
  private final StorageLayout root;
  private final ModelRegistry registry;

  RunFolders(FileSystem fs, StorageLayout root, ModelRegistry registry) {
    this.fs = fs;
    this.root = root;
    this.registry = registry;
  }

  /** The published run {@code runId} of the model, or of an older storage root; empty when there is none. */
  Optional<Path> find(String runId) throws IOException {
    if (!StorageName.isValid(runId)) {
      return Optional.empty();
    }
    for (Path run : new Path[] {registry.runLayout().run(runId), root.legacyRun(runId)}) {
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
