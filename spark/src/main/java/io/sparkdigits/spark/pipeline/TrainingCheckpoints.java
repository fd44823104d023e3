package io.sparkdigits.spark.pipeline;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.metrics.EpochRecord;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.storage.HadoopFiles;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.core.storage.Scratch;
import io.sparkdigits.core.storage.StorageLayout;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A run's training checkpoints in its staging directory: after every epoch, the network with its
 * updater state, the epochs so far and, when training stops early, the best epoch's network so
 * far, in a directory {@code checkpoint-NNNN} that is written aside and renamed into place whole,
 * so that the newest one is always complete and its best network is the best of its epochs. A run
 * started again with the same id continues from it, early stopping included.
 */
final class TrainingCheckpoints {
  private static final String PREFIX = "checkpoint-";
  private static final String STATE_FILE = "state.json";
  private static final String BEST_MODEL_FILE = "best-model.zip";

  /**
   * What a checkpoint says besides the network: what was being trained, on which version of the
   * dataset (null in checkpoints written before versions were recorded), and its epochs so far.
   */
  record State(String dataset, String datasetVersion, NetworkSpec network, TrainingSpec training,
      List<EpochRecord> epochs) {}

  /** A complete checkpoint; {@code best} null when training does not stop early. */
  record Saved(MultiLayerNetwork network, MultiLayerNetwork best, State state) {}

  private final FileSystem fs;
  private final Path staging;

  TrainingCheckpoints(FileSystem fs, Path staging) {
    this.fs = fs;
    this.staging = staging;
  }

  /** Saves the network after the state's last epoch, and {@code best} (null: none), the best epoch's so far. */
  void save(MultiLayerNetwork network, MultiLayerNetwork best, State state) throws IOException {
    Path checkpoint = new Path(staging, String.format("%s%04d", PREFIX, state.epochs().size()));
    Path written = Scratch.beside(checkpoint);
    ModelFiles.write(fs, new Path(written, StorageLayout.MODEL_FILE), network);
    if (best != null) {
      ModelFiles.write(fs, new Path(written, BEST_MODEL_FILE), best);
    }
    JsonFiles.write(fs, new Path(written, STATE_FILE), state);
    fs.delete(checkpoint, true);
    HadoopFiles.commitDirectory(fs, written, checkpoint);
    for (Path older : checkpoints()) {
      if (!older.equals(checkpoint)) {
        fs.delete(older, true);
      }
    }
  }

  /**
   * The newest checkpoint, which must be of the same training as asked for now, on the same version
   * of the dataset: a run continued on data ingested since would mix two versions in one model.
   */
  Optional<Saved> latest(String dataset, String datasetVersion, NetworkSpec network, TrainingSpec training)
      throws IOException {
    List<Path> checkpoints = checkpoints();
    if (checkpoints.isEmpty()) {
      return Optional.empty();
    }
    Path newest = checkpoints.get(checkpoints.size() - 1);
    State state = JsonFiles.read(fs, new Path(newest, STATE_FILE), State.class);
    if (!state.dataset().equals(dataset) || !state.network().equals(network) || !state.training().equals(training)) {
      throw new UsageException("run " + staging.getName() + " has a checkpoint of other training ("
          + state.network() + ", " + state.training() + " on " + state.dataset() + "): give a new run id");
    }
    if (state.datasetVersion() != null && !state.datasetVersion().equals(datasetVersion)) {
      throw new UsageException("run " + staging.getName() + " has a checkpoint of training on version "
          + state.datasetVersion() + " of dataset '" + dataset + "', not on version " + datasetVersion
          + ", the one it would continue on: give a new run id");
    }
    Path best = new Path(newest, BEST_MODEL_FILE);
    return Optional.of(new Saved(ModelFiles.read(fs, new Path(newest, StorageLayout.MODEL_FILE)),
        fs.exists(best) ? ModelFiles.read(fs, best) : null, state));
  }

  void deleteAll() throws IOException {
    for (Path checkpoint : checkpoints()) {
      fs.delete(checkpoint, true);
    }
  }

  private List<Path> checkpoints() throws IOException {
    return HadoopFiles.list(fs, staging, path -> path.getName().startsWith(PREFIX)).stream()
        .map(FileStatus::getPath).toList();
  }
}
