package io.sparkdigits.serve;

import io.sparkdigits.core.model.NetworkInput;
import io.sparkdigits.core.testing.IdxDataSets;
import io.sparkdigits.core.testing.MnistFiles;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The labelled 28x28 digits the serving tests train on and send: the first of the real MNIST
 * files with {@code -Dmnist.dir}, synthetic ones (each class a patch of its own) otherwise. Read
 * once per JVM.
 */
final class Digits {
  static final int SIDE = 28;
  static final int CLASSES = 10;
  private static final int TRAIN = 6000;
  private static final int TEST = 1000;
  private static Digits loaded;

  final DataSet train;
  final DataSet test;
  final boolean realMnist;

  private Digits(DataSet train, DataSet test, boolean realMnist) {
    this.train = train;
    this.test = test;
    this.realMnist = realMnist;
  }

  static synchronized Digits get() {
    if (loaded == null) {
      try {
        java.nio.file.Path folder = Files.createTempDirectory("serve-digits");
        boolean real = MnistFiles.folder().isPresent();
        if (real) {
          MnistFiles.writeSubset(MnistFiles.folder().get(), "train", TRAIN, folder);
          MnistFiles.writeSubset(MnistFiles.folder().get(), "t10k", TEST, folder);
        } else {
          new SyntheticDigits(TRAIN / 3, SIDE, SIDE, CLASSES, 1).writeMnistFiles(folder, "train", true);
          new SyntheticDigits(TEST, SIDE, SIDE, CLASSES, 2).writeMnistFiles(folder, "t10k", true);
        }
        loaded = new Digits(read(folder, "train"), read(folder, "t10k"), real);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return loaded;
  }

  private static DataSet read(java.nio.file.Path folder, String prefix) throws IOException {
    return IdxDataSets.readAll(new Path(folder.resolve(prefix + "-images-idx3-ubyte.gz").toUri()),
        new Path(folder.resolve(prefix + "-labels-idx1-ubyte.gz").toUri()), CLASSES);
  }

  /** Test image {@code i} as unsigned bytes, 0 background to 255 ink. */
  byte[] testPixels(int i) {
    float[] features = test.getFeatures().getRow(i).toFloatVector();
    byte[] pixels = new byte[features.length];
    for (int p = 0; p < pixels.length; p++) {
      pixels[p] = NetworkInput.unscale(features[p]);
    }
    return pixels;
  }

  int testLabel(int i) {
    return test.getLabels().getRow(i).argMax().getInt(0);
  }

  /** The first {@code count} test images. */
  List<byte[]> firstTestImages(int count) {
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      images.add(testPixels(i));
    }
    return images;
  }
}
