package io.sparkdigits.jobs;

import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.Updater;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;

/** Model files for tests that need one but not its accuracy. */
final class TestModels {
  private TestModels() {}

  /** An untrained network for 28x28 images and 10 classes, written as training writes one. */
  static Path untrained(Path file) throws IOException {
    MultiLayerNetwork network = new MultiLayerNetwork(new NetworkSpec(List.of(784, 16, 10), Activation.RELU,
        Updater.ADAM, 0.01, 1, 7).toConfiguration());
    network.init();
    ModelFiles.write(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(file.toUri()), network);
    return file;
  }
}
