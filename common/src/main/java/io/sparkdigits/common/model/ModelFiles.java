package io.sparkdigits.common.model;

import io.sparkdigits.common.storage.HadoopFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Models on Hadoop filesystems, in DL4J's own {@link ModelSerializer} zip format with the updater
 * state, so that plain DL4J loads them without this project and training can continue from them.
 */
public final class ModelFiles {
  private ModelFiles() {}

  public static void write(FileSystem fs, Path path, MultiLayerNetwork model) throws IOException {
    HadoopFiles.writeAtomically(fs, path, out -> ModelSerializer.writeModel(model, out, true));
  }

  public static MultiLayerNetwork read(FileSystem fs, Path path) throws IOException {
    if (!fs.exists(path)) {
      throw new FileNotFoundException("no model at " + path);
    }
    try (InputStream in = fs.open(path)) {
      return ModelSerializer.restoreMultiLayerNetwork(in, true);
    }
  }
}
