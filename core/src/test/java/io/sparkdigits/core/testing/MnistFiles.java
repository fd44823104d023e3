package io.sparkdigits.core.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The real MNIST files, where the machine has them: the folder named by the system property
 * {@code mnist.dir} (the build passes {@code -Dmnist.dir=...} through to the tests).
 */
public final class MnistFiles {
  public static final String PROPERTY = "mnist.dir";

  private MnistFiles() {}

  public static Optional<Path> folder() {
    String dir = System.getProperty(PROPERTY, System.getenv("MNIST_DIR"));
    if (dir == null || dir.isBlank()) {
      return Optional.empty();
    }
    Path folder = Path.of(dir);
    return Files.isRegularFile(folder.resolve("train-images-idx3-ubyte.gz")) ? Optional.of(folder) : Optional.empty();
  }

  /**
   * Writes the first {@code count} images and labels of the real {@code prefix} split ("train" or
   * "t10k") as a smaller dataset under MNIST's file names in {@code target}, gzip'd.
   */
  public static void writeSubset(Path mnist, String prefix, int count, Path target) throws IOException {
    byte[] images = readPrefix(mnist.resolve(prefix + "-images-idx3-ubyte.gz"), 16, count * 784L);
    byte[] labels = readPrefix(mnist.resolve(prefix + "-labels-idx1-ubyte.gz"), 8, count);
    IdxFiles.write(target.resolve(prefix + "-images-idx3-ubyte.gz"), IdxFiles.gzip(IdxFiles.images(count, 28, 28, images)));
    IdxFiles.write(target.resolve(prefix + "-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.labels(labels)));
  }

  private static byte[] readPrefix(Path gz, int headerBytes, long dataBytes) throws IOException {
    try (InputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(gz)))) {
      in.skipNBytes(headerBytes);
      return in.readNBytes(Math.toIntExact(dataBytes));
    }
  }
}
