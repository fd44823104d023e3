package io.sparkdigits.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.spark.dataset.DigitsSchema;
import io.sparkdigits.spark.dataset.LabelledImage;
import io.sparkdigits.spark.dataset.Minibatches;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.model.NetworkInput;
import io.sparkdigits.spark.predict.DigitImageFiles;
import io.sparkdigits.core.image.DigitPreprocessor;
import io.sparkdigits.spark.predict.Predictor;
import io.sparkdigits.core.testing.DatasetFolders;
import io.sparkdigits.core.testing.DigitDrawings;
import io.sparkdigits.core.testing.HostilePictures;
import io.sparkdigits.core.testing.IdxFiles;
import io.sparkdigits.core.testing.MnistFiles;
import io.sparkdigits.spark.testing.SparkTestBase;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The predict job from its command line, and the same pixels through ingest and through predict. */
class PredictJobTest extends SparkTestBase {
  private static final int SIDE = 28;

  @TempDir static Path dir;


  @Test
  void theSamePixelsGiveTheSameTensorsThroughIngestAndThroughPredict() throws IOException {
    // digits drawn and normalised, which either preprocessing of the predict path leaves as they are
    DigitPreprocessor preprocessor = new DigitPreprocessor(SIDE);
    List<byte[]> digits = new ArrayList<>();
    for (int label = 0; label < 10; label++) {
      digits.add(preprocessor.normalise(
          DigitDrawings.draw(label, 70 + 9 * label, 110, 2f + label, Color.BLACK, Color.WHITE, label - 5, 4)));
    }
    Path input = Files.createDirectories(dir.resolve("same-pixels"));
    Path images = Files.createDirectories(dir.resolve("same-pixels-png"));
    byte[] pixels = new byte[digits.size() * SIDE * SIDE];
    byte[] labels = new byte[digits.size()];
    for (int i = 0; i < digits.size(); i++) {
      System.arraycopy(digits.get(i), 0, pixels, i * SIDE * SIDE, SIDE * SIDE);
      labels[i] = (byte) i;
      ImageIO.write(DigitDrawings.grayImage(digits.get(i), SIDE), "png", images.resolve(i + ".png").toFile());
    }
    for (String prefix : List.of("train", "t10k")) {
      IdxFiles.write(input.resolve(prefix + "-images-idx3-ubyte"), IdxFiles.images(digits.size(), SIDE, SIDE, pixels));
      IdxFiles.write(input.resolve(prefix + "-labels-idx1-ubyte"), IdxFiles.labels(labels));
    }
    String warehouse = dir.resolve("same-pixels-warehouse").toString();
    assertThat(JobOutput.run(new IngestJob(), "--data", input.toString(), "--out", warehouse).exitCode()).isZero();

    check(spark -> {
      List<Row> ingested = spark.read().parquet(DatasetFolders.current(Path.of(warehouse), "mnist").toString())
          .where(col(DigitsSchema.SPLIT).equalTo(DatasetManifest.TEST)).orderBy(DigitsSchema.INDEX).collectAsList();
      INDArray trainingInput = new Minibatches(digits.size(), SIDE * SIDE, 10).toDataSet(ingested.stream()
          .map(LabelledImage::of).toList()).getFeatures();
      for (DigitImageFiles.Preprocessing preprocessing : DigitImageFiles.Preprocessing.values()) {
        Map<String, byte[]> read = DigitImageFiles.read(spark, images.toString(), preprocessing, SIDE).collectAsList()
            .stream().collect(Collectors.toMap(row -> row.getString(0), row -> (byte[]) row.get(1)));
        List<byte[]> inOrder = new ArrayList<>();
        for (int i = 0; i < digits.size(); i++) {
          inOrder.add(read.get(images.resolve(i + ".png").toUri().toString().replace("file:///", "file:/")));
        }
        assertThat(inOrder).as("every image read (%s)", preprocessing).doesNotContainNull();
        assertThat(NetworkInput.features(inOrder, SIDE * SIDE))
            .as("the predict path's input (%s preprocessing) against the training path's", preprocessing)
            .isEqualTo(trainingInput);
      }
    });
  }

  @Test
  void everyFileInTheFolderGetsARowWhateverItsNameOrSize() throws IOException {
    Path model = TestModels.untrained(dir.resolve("untrained.zip"));
    Path folder = Files.createDirectories(dir.resolve("every-file"));
    Map<String, String> files = new TreeMap<>();
    for (String digit : List.of("3.png", "sub/7.png", "_notes.png", ".hidden/5.png")) {
      Path file = Files.createDirectories(folder.resolve(digit).getParent()).resolve(folder.resolve(digit).getFileName());
      ImageIO.write(DigitDrawings.draw(digit.charAt(digit.length() - 5) - '0', 64, 64, 5f, Color.BLACK, Color.WHITE,
          0, 0), "png", file.toFile());
      files.put(digit, null);
    }
    Files.write(folder.resolve(".DS_Store"), new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1'});
    files.put(".DS_Store", "not an image: neither a PNG nor a JPEG");
    for (String empty : List.of("empty.png", "_SUCCESS")) {
      Files.createFile(folder.resolve(empty));
      files.put(empty, "empty file");
    }

    String output = dir.resolve("every-file-predictions").toString();
    JobOutput predicted = JobOutput.run(new PredictJob(), "--out", dir.resolve("every-file-warehouse").toString(),
        "--model", model.toString(), "--images", folder.toString(), "--output", output);
    assertThat(predicted.exitCode()).as("predict; stderr: %s", predicted.err()).isZero();
    assertThat(predicted.out()).as("the count adds up to the files in the folder")
        .contains("Predicted 4 images, 3 could not be read");

    check(spark -> {
      Map<String, String> rows = new TreeMap<>();
      for (Row row : spark.read().parquet(output).collectAsList()) {
        String relative = folder.toUri().relativize(java.net.URI.create(row.getAs(Predictor.ID))).getPath();
        rows.put(relative, row.getAs(Predictor.ERROR));
        assertThat(row.<Integer>getAs(Predictor.PREDICTED) == null).as("a prediction or an error for %s", relative)
            .isEqualTo(row.getAs(Predictor.ERROR) != null);
      }
      assertThat(rows).as("one row per file: its prediction (no error) or why it has none").isEqualTo(files);
    });
  }

  @Test
  void aPngBombAndACmykJpegGetTheirReasonsAndTheOtherPicturesTheirPredictions() throws IOException {
    Path model = TestModels.untrained(dir.resolve("untrained-hostile.zip"));
    Path folder = Files.createDirectories(dir.resolve("hostile"));
    for (int label : new int[] {1, 4}) {
      ImageIO.write(DigitDrawings.draw(label, 90, 90, 6f, Color.BLACK, Color.WHITE, 0, 0), "png",
          folder.resolve(label + ".png").toFile());
    }
    Files.write(folder.resolve("bomb.png"), HostilePictures.pngBomb(30_000, 30_000));
    Files.write(folder.resolve("cmyk.jpg"),
        HostilePictures.cmykJpeg(DigitDrawings.draw(7, 90, 90, 6f, Color.BLACK, Color.WHITE, 0, 0)));

    String output = dir.resolve("hostile-predictions").toString();
    JobOutput predicted = JobOutput.run(new PredictJob(), "--out", dir.resolve("hostile-warehouse").toString(),
        "--model", model.toString(), "--images", folder.toString(), "--output", output);
    assertThat(predicted.exitCode()).as("predict; stderr: %s", predicted.err()).isZero();
    assertThat(predicted.out()).contains("Predicted 2 images, 2 could not be read")
        .contains("bomb.png  could not be read: the image is 30000x30000 pixels, over the limit of 4096x4096")
        .contains("cmyk.jpg  could not be read: a CMYK JPEG is not supported: save it in RGB or grayscale");

    check(spark -> {
      Map<String, Integer> predictions = new TreeMap<>();
      for (Row row : spark.read().parquet(output).where(col(Predictor.ERROR).isNull()).collectAsList()) {
        predictions.put(Path.of(java.net.URI.create(row.getAs(Predictor.ID))).getFileName().toString(),
            row.getList(row.fieldIndex(Predictor.PROBABILITIES)).size());
      }
      assertThat(predictions).as("the good pictures' probabilities, one per class")
          .isEqualTo(Map.of("1.png", 10, "4.png", 10));
    });
  }

  @Test
  void aModelTrainedOnMnistReadsDrawnDigitsAndReportsUnreadableFiles() throws IOException {
    Assumptions.assumeTrue(MnistFiles.folder().isPresent(), "the real MNIST files");
    String warehouse = dir.resolve("mnist-warehouse").toString();
    JobOutput trained = JobOutput.run(new PipelineJob(), "--data", MnistFiles.folder().get().toString(),
        "--out", warehouse, "--run-id", "mnist", "--epochs", "2");
    assertThat(trained.exitCode()).as("pipeline; stderr: %s", trained.err()).isZero();

    // dark on light and light on dark, small and large, thin and bold strokes, off centre
    Path drawn = Files.createDirectories(dir.resolve("drawn"));
    Color[][] polarities = {{Color.BLACK, Color.WHITE}, {Color.WHITE, Color.BLACK}, {new Color(30, 30, 120),
        new Color(235, 230, 210)}};
    int variants = 6;
    int images = 10 * variants;
    for (int label = 0; label < 10; label++) {
      for (int variant = 0; variant < variants; variant++) {
        Color[] colours = polarities[variant % polarities.length];
        int size = 48 + 40 * variant;
        float stroke = 1f + size / 40f * (variant % 2 == 0 ? 1 : 3);
        ImageIO.write(DigitDrawings.draw(label, size, size, stroke, colours[0], colours[1], variant * size / 20,
            -variant * size / 30), variant % 2 == 0 ? "png" : "jpg", drawn.resolve(label + "-" + variant
            + (variant % 2 == 0 ? ".png" : ".jpg")).toFile());
      }
    }
    Files.writeString(drawn.resolve("notes.txt"), "not an image");
    ImageIO.write(DigitDrawings.filled(64, 64, Color.WHITE), "png", drawn.resolve("blank.png").toFile());

    String output = dir.resolve("drawn-predictions").toString();
    JobOutput predicted = JobOutput.run(new PredictJob(), "--out", warehouse, "--model",
        warehouse + "/models/digits/runs/mnist", "--images", drawn.toString(), "--output", output);
    assertThat(predicted.exitCode()).as("predict; stderr: %s", predicted.err()).isZero();
    assertThat(predicted.out()).contains("Predicted " + images + " images, 2 could not be read")
        .contains("blank.png  could not be read: no digit: the image is blank")
        .contains("notes.txt  could not be read: not an image");

    check(spark -> {
      List<Row> rows = spark.read().parquet(output).collectAsList();
      assertThat(rows).hasSize(images + 2);
      List<String> wrong = new ArrayList<>();
      for (Row row : rows) {
        String name = Path.of(java.net.URI.create(row.getAs(Predictor.ID))).getFileName().toString();
        if (row.getAs(Predictor.ERROR) == null) {
          assertThat(row.getList(row.fieldIndex(Predictor.PROBABILITIES))).hasSize(10);
          int label = name.charAt(0) - '0';
          if (row.<Integer>getAs(Predictor.PREDICTED) != label) {
            wrong.add(name + " as " + row.getAs(Predictor.PREDICTED));
          }
        }
      }
      assertThat(images - wrong.size()).as("drawn digits read right, of %d; wrong: %s", images, wrong)
          .isGreaterThanOrEqualTo(images * 8 / 10);
    });
  }
}
