package io.sparkdigits.common.model;

import io.sparkdigits.common.InputFileException;
import io.sparkdigits.common.storage.HadoopFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Models on Hadoop filesystems, in DL4J's own {@link ModelSerializer} zip format with the updater
 * state, so that plain DL4J loads them without this project and training can continue from them.
 */
public final class ModelFiles {
  /** What every network that ModelSerializer writes holds. */
  private static final List<String> REQUIRED_ENTRIES =
      List.of(ModelSerializer.CONFIGURATION_JSON, ModelSerializer.COEFFICIENTS_BIN);

  private ModelFiles() {}

  public static void write(FileSystem fs, Path path, MultiLayerNetwork model) throws IOException {
    HadoopFiles.writeAtomically(fs, path, out -> ModelSerializer.writeModel(model, out, true));
  }

  /**
   * The network in {@code path}. A file that is not a complete model (truncated, another kind of
   * zip, not a zip) fails with an {@link InputFileException} naming it, before DL4J reads it.
   */
  public static MultiLayerNetwork read(FileSystem fs, Path path) throws IOException {
    if (!fs.exists(path)) {
      throw new FileNotFoundException("no model at " + path);
    }
    requireModelZip(fs, path);
    try (InputStream in = fs.open(path)) {
      return ModelSerializer.restoreMultiLayerNetwork(in, true);
    }
  }

  /** Reads {@code path} through as a zip, decompressing every entry, and checks it holds a network. */
  private static void requireModelZip(FileSystem fs, Path path) throws IOException {
    Set<String> entries = new HashSet<>();
    try (ZipInputStream zip = new ZipInputStream(fs.open(path))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        zip.transferTo(OutputStream.nullOutputStream());
        entries.add(entry.getName());
      }
    } catch (IOException e) {
      // EOFException, ZipException: DL4J would say only "Unexpected end of ZLIB input stream"
      throw new InputFileException(path.toString(), "not a complete model zip file (" + e.getMessage() + ")", e);
    }
    if (entries.isEmpty()) {
      throw new InputFileException(path.toString(), "not a model: not a zip file");
    }
    for (String required : REQUIRED_ENTRIES) {
      if (!entries.contains(required)) {
        throw new InputFileException(path.toString(), "not a DL4J model: the zip holds no " + required);
      }
    }
  }
}
