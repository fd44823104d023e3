package io.sparkdigits.core.model;

import io.sparkdigits.core.InputFileException;
import io.sparkdigits.core.storage.HadoopFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;

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
    return read(fs, path, true);
  }

  /**
   * As {@link #read(FileSystem, Path)}; without the updater state ({@code withUpdater} false) for a
   * network that only answers, never trains again: Adam's state is twice the parameters' size.
   */
  public static MultiLayerNetwork read(FileSystem fs, Path path, boolean withUpdater) throws IOException {
    if (!fs.exists(path)) {
      throw new FileNotFoundException("no model at " + path);
    }
    requireModelZip(fs, path);
    try (InputStream in = fs.open(path)) {
      return ModelSerializer.restoreMultiLayerNetwork(in, withUpdater);
    }
  }

  /**
   * The network without its updater state, as bytes to broadcast to executors. Spark closes a
   * broadcast value that is {@link AutoCloseable} when it cleans the broadcast up, and an INDArray
   * is one: a broadcast of the network itself would free the caller's parameters in local mode.
   */
  public static byte[] toBytes(MultiLayerNetwork model) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ModelSerializer.writeModel(model, out, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static MultiLayerNetwork fromBytes(byte[] bytes) {
    try {
      return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * SHA-256 of what the network computes: its configuration and its parameters. Equal for a
   * network and the copy of it that {@link #write} and {@link #read} make, so a score recorded for
   * one stays valid for the other.
   */
  public static String fingerprint(MultiLayerNetwork model) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(model.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8));
      float[] parameters = model.params().castTo(DataType.FLOAT).toFloatVector();
      ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * parameters.length);
      bytes.asFloatBuffer().put(parameters);
      digest.update(bytes.array());
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The number of values (pixels) each example gives {@code model}. A convolutional network reads
   * flat vectors as images, whose shape DL4J's preprocessor before its first convolution knows (the
   * convolution's own input size is the image's channels); layers before it that keep their
   * input's size (dropout) may not know it.
   */
  public static int inputPixels(MultiLayerNetwork model) {
    for (int i = 0; i < model.getnLayers(); i++) {
      if (model.getLayerWiseConfigurations().getInputPreProcess(i) instanceof FeedForwardToCnnPreProcessor image) {
        return Math.toIntExact(image.getInputHeight() * image.getInputWidth() * image.getNumChannels());
      }
      long size = model.layerInputSize(i);
      if (size > 0) {
        return Math.toIntExact(size);
      }
    }
    throw new IllegalArgumentException("the network has no layer that knows its input's size");
  }

  /** The classes {@code model} tells apart: its output layer's size. */
  public static int outputClasses(MultiLayerNetwork model) {
    return Math.toIntExact(model.layerSize(model.getnLayers() - 1));
  }

  /**
   * The side of the square images {@code model} takes: the square root of its {@link #inputPixels};
   * empty when they are no square number.
   */
  public static OptionalInt imageSide(MultiLayerNetwork model) {
    return squareSide(inputPixels(model));
  }

  /** The side of a square image of {@code pixels} pixels; empty when they are no square number. */
  public static OptionalInt squareSide(long pixels) {
    int side = (int) Math.round(Math.sqrt(pixels));
    return (long) side * side == pixels ? OptionalInt.of(side) : OptionalInt.empty();
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
