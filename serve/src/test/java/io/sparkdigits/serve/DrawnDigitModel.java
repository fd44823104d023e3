package io.sparkdigits.serve;

import io.sparkdigits.core.augment.DeformationParameters;
import io.sparkdigits.core.augment.ElasticDeformation;
import io.sparkdigits.core.model.NetworkInput;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.Updater;
import io.sparkdigits.core.image.DigitPreprocessor;
import io.sparkdigits.core.testing.IdxDataSets;
import io.sparkdigits.core.testing.MnistFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network good enough to read digits drawn on the page, trained in this JVM in seconds (no Spark:
 * the server's module has none): on the real MNIST files where the machine has them
 * ({@code -Dmnist.dir}), and otherwise on {@link StrokeDigits}' strokes, rendered at a few pen
 * widths, normalised as the server normalises a drawing and deformed as the augment job deforms
 * MNIST's images.
 */
final class DrawnDigitModel {
  /** The network, what it was made from, a test split it was not trained on, and what it learnt from. */
  record Trained(MultiLayerNetwork network, NetworkSpec spec, DataSet test, String trainedOn) {}

  private static final int SIDE = 28;
  private static final int PIXELS = SIDE * SIDE;
  private static final int CLASSES = 10;
  private static final int BATCH = 64;
  /** The augment job's defaults (conf/pipeline.properties). */
  private static final DeformationParameters DEFORMATION = new DeformationParameters(34, 4, 10, 0.1, 0.2, 1);

  private DrawnDigitModel() {}

  static Trained train() throws IOException {
    Optional<Path> mnist = MnistFiles.folder();
    return mnist.isPresent() ? onMnist(mnist.get()) : onStrokes();
  }

  /** Two epochs over MNIST's 60,000 training images, scored on its 10,000 test images. */
  private static Trained onMnist(Path folder) throws IOException {
    DataSet train = read(folder, "train");
    DataSet test = read(folder, "t10k");
    return fit(train, test, 2, "MNIST's " + train.numExamples() + " training images");
  }

  /** Deformed copies of each digit's strokes; the test split is copies of other seeds. */
  private static Trained onStrokes() {
    DataSet train = strokeCopies(120, 1);
    DataSet test = strokeCopies(20, 2);
    return fit(train, test, 8, train.numExamples() + " deformed drawings of stroke digits");
  }

  private static Trained fit(DataSet train, DataSet test, int epochs, String trainedOn) {
    NetworkSpec spec = new NetworkSpec(List.of(PIXELS, 128, CLASSES), Activation.RELU, Updater.ADAM, 0.004, 1.0, 42);
    MultiLayerNetwork network = new MultiLayerNetwork(spec.toConfiguration());
    network.init();
    for (int epoch = 0; epoch < epochs; epoch++) {
      train.shuffle(42 + epoch);
      for (DataSet minibatch : train.batchBy(BATCH)) {
        network.fit(minibatch);
      }
    }
    return new Trained(network, spec, test, trainedOn + ", " + epochs + " epochs");
  }

  private static DataSet read(Path folder, String prefix) throws IOException {
    return IdxDataSets.readAll(file(folder, prefix + "-images-idx3-ubyte.gz"),
        file(folder, prefix + "-labels-idx1-ubyte.gz"), CLASSES);
  }

  private static org.apache.hadoop.fs.Path file(Path folder, String name) {
    return new org.apache.hadoop.fs.Path(folder.resolve(name).toUri());
  }

  /** {@code copies} deformed copies of each digit drawn with each of three pen widths, from {@code seed}. */
  private static DataSet strokeCopies(int copies, long seed) {
    DigitPreprocessor preprocessor = new DigitPreprocessor(SIDE);
    ElasticDeformation deformation = new ElasticDeformation(DEFORMATION, SIDE, SIDE);
    List<byte[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int drawing = 0;
    for (int digit = 0; digit < CLASSES; digit++) {
      for (float pen : new float[] {14, 20, 28}) {
        byte[] normalised = preprocessor.normalise(StrokeDigits.render(digit, 280, pen));
        for (int copy = 1; copy <= copies; copy++) {
          images.add(deformation.copy(normalised, seed, drawing, copy));
          labels.add(digit);
        }
        drawing++;
      }
    }
    return dataSet(images, labels);
  }

  private static DataSet dataSet(List<byte[]> images, List<Integer> labels) {
    float[] oneHot = new float[labels.size() * CLASSES];
    for (int i = 0; i < labels.size(); i++) {
      oneHot[i * CLASSES + labels.get(i)] = 1f;
    }
    return new DataSet(NetworkInput.features(images, PIXELS),
        Nd4j.create(oneHot, new long[] {labels.size(), CLASSES}, 'c'));
  }
}
