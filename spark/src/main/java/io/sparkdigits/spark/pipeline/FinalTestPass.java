package io.sparkdigits.spark.pipeline;

import io.sparkdigits.core.idx.IdxSplitSummary;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.metrics.SplitScores;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.storage.JsonFiles;
import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The last training epoch's pass over the test split, left in the run's staging directory for the
 * evaluate stage, which takes it over instead of scoring the test split again when the staged
 * model and the test split are the ones it scored (the model's {@link ModelFiles#fingerprint}, the
 * split's checksums).
 */
record FinalTestPass(String dataset, String testSplit, String model, SplitScores scores) {
  static final String FILE = "final-test-pass.json";

  static void write(FileSystem fs, Path staging, String dataset, DatasetManifest manifest, MultiLayerNetwork model,
      SplitScores scores) throws IOException {
    JsonFiles.write(fs, new Path(staging, FILE),
        new FinalTestPass(dataset, testSplit(manifest), ModelFiles.fingerprint(model), scores));
  }

  /** The scores, when the pass in {@code staging} scored {@code model} on this dataset's test split. */
  static Optional<SplitScores> of(FileSystem fs, Path staging, String dataset, DatasetManifest manifest,
      MultiLayerNetwork model) throws IOException {
    Path file = new Path(staging, FILE);
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    FinalTestPass pass = JsonFiles.read(fs, file, FinalTestPass.class);
    boolean same = pass.dataset.equals(dataset) && pass.testSplit.equals(testSplit(manifest))
        && pass.model.equals(ModelFiles.fingerprint(model));
    return same ? Optional.of(pass.scores) : Optional.empty();
  }

  static void delete(FileSystem fs, Path staging) throws IOException {
    fs.delete(new Path(staging, FILE), false);
  }

  private static String testSplit(DatasetManifest manifest) {
    IdxSplitSummary test = manifest.requireSplit(DatasetManifest.TEST);
    return test.images().sha256() + ":" + test.labels().sha256();
  }
}
