package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.core.manifest.ValidationSplit;
import io.sparkdigits.core.metrics.EvaluationRecord;
import io.sparkdigits.core.metrics.MisclassifiedDigit;
import io.sparkdigits.core.metrics.TrainingRecord;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.model.NetworkInput;
import io.sparkdigits.core.model.NetworkOutput;
import io.sparkdigits.spark.predict.Predictor;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.spark.testing.SparkTestBase;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scoring in a JVM capped as {@link TrainingMemoryTest} caps it, on splits larger than the cap as
 * float minibatches: the validation pass after an epoch, the evaluation of the test split and the
 * predictions for it must stream their split and keep only bounded results, whatever its size.
 * The test split is a few distinct images written over and over, so its exact scores are those of
 * the distinct images, computed here with the trained model.
 */
class ScoringMemoryTest extends SparkTestBase {
  private static final int SIDE = 28;
  private static final int CLASSES = 10;
  private static final int TRAIN_DISTINCT = 20_000;
  private static final int TRAIN_TIMES = 20;
  /** Of 400,000 training images, about 384,000 go to the validation split. */
  private static final double VALIDATION_FRACTION = 0.96;
  private static final int TEST_DISTINCT = 2_000;
  private static final int TEST_TIMES = 200;
  private static final int TEST_EXAMPLES = TEST_DISTINCT * TEST_TIMES;
  private static final String HEAP = "-Xmx600m";
  private static final long MEMORY_CAP_MB = 1_100;
  /** Longer than {@link JobProcess#TIMEOUT}: each job scores 400,000 images, on a machine that may be shared. */
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);

  @TempDir Path dir;

  @Test
  void validationEvaluationAndPredictionOfSplitsLargerThanTheMemory() throws Exception {
    SyntheticDigits train = new SyntheticDigits(TRAIN_DISTINCT, SIDE, SIDE, CLASSES, 41);
    long[] validationQuotas = new ValidationSplit(VALIDATION_FRACTION, 0).quotas(train.labelCounts(TRAIN_TIMES));
    long validationExamples = Arrays.stream(validationQuotas).sum();
    for (long examples : new long[] {validationExamples, TEST_EXAMPLES}) {
      assertThat(examples * (SIDE * SIDE + CLASSES) * Float.BYTES).as("a split as float minibatches, against the cap")
          .isGreaterThan(MEMORY_CAP_MB * 1024 * 1024);
    }
    Path data = dir.resolve("data");
    train.writeMnistFiles(data, "train", TRAIN_TIMES);
    SyntheticDigits test = new SyntheticDigits(TEST_DISTINCT, SIDE, SIDE, CLASSES, 42);
    test.writeMnistFiles(data, "t10k", TEST_TIMES);
    String root = dir.resolve("warehouse").toString();
    assertThat(JobOutput.run(new IngestJob(), "--data", data.toString(), "--out", root,
        "--validation-fraction", String.valueOf(VALIDATION_FRACTION)).exitCode()).isZero();

    runCapped(TrainJob.class, "--out", root, "--run-id", "capped", "--epochs", "1", "--layers", "784-16-10");
    FileSystem fs = FileSystem.getLocal(new Configuration());
    TrainingRecord training = JsonFiles.read(fs, new org.apache.hadoop.fs.Path(root, "_staging/capped/training.json"),
        TrainingRecord.class);
    assertThat(training.trainExamples()).isEqualTo((long) TRAIN_DISTINCT * TRAIN_TIMES - validationExamples);
    assertThat(training.epochs()).hasSize(1);
    assertThat(training.epochs().get(0).validationAccuracy()).as("validation accuracy after one epoch").isGreaterThan(0.9);

    runCapped(EvaluateJob.class, "--out", root, "--run-id", "capped");
    EvaluationRecord evaluation = JsonFiles.read(fs, new org.apache.hadoop.fs.Path(root, "_staging/capped/evaluation.json"),
        EvaluationRecord.class);
    Path model = Path.of(root, "_staging", "capped", "model.zip");
    DistinctScores expected = DistinctScores.of(ModelFiles.read(fs, new org.apache.hadoop.fs.Path(model.toUri())), test);
    assertThat(evaluation.report().examples()).isEqualTo(TEST_EXAMPLES);
    assertThat(evaluation.report().confusionMatrix()).as("the distinct images' confusion matrix, %d times over", TEST_TIMES)
        .isDeepEqualTo(expected.confusion(TEST_TIMES));
    assertThat(evaluation.misclassified()).extracting(MisclassifiedDigit::index)
        .as("the first misclassified, by index").containsExactlyElementsOf(expected.firstWrong(
            EvaluationRecord.MISCLASSIFIED_KEPT, TEST_TIMES));

    Path predictions = dir.resolve("predictions");
    runCapped(PredictJob.class, "--out", root, "--model", model.toString(), "--split", "test",
        "--output", predictions.toString());
    check(spark -> {
      long[] predicted = new long[CLASSES];
      for (Row row : spark.read().parquet(predictions.toString()).groupBy(Predictor.PREDICTED).count().collectAsList()) {
        predicted[row.getInt(0)] = row.getLong(1);
      }
      assertThat(predicted).as("images predicted as each class").containsExactly(expected.predictedCounts(TEST_TIMES));
    });
  }

  private void runCapped(Class<?> job, String... args) throws Exception {
    Path log = dir.resolve(job.getSimpleName() + ".log");
    Process process = JobProcess.start(job, log,
        List.of(HEAP, "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + MEMORY_CAP_MB + "m"), List.of(args));
    if (!process.waitFor(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      JobProcess.kill(process);
      throw new AssertionError(job.getSimpleName() + " did not finish in " + JOB_TIMEOUT + "; its log:\n"
          + Files.readString(log));
    }
    assertThat(process.exitValue()).as("%s's exit status; its log:\n%s", job.getSimpleName(), Files.readString(log))
        .isZero();
  }

  /** The model's label and prediction for each of the distinct test images, in their order. */
  private record DistinctScores(int[] labels, int[] predicted) {
    static DistinctScores of(MultiLayerNetwork model, SyntheticDigits test) {
      int pixels = SIDE * SIDE;
      List<byte[]> images = new ArrayList<>();
      for (int i = 0; i < test.count; i++) {
        images.add(Arrays.copyOfRange(test.pixels, i * pixels, (i + 1) * pixels));
      }
      float[][] probabilities = model.output(NetworkInput.features(images, pixels)).toFloatMatrix();
      int[] labels = new int[test.count];
      int[] predicted = new int[test.count];
      for (int i = 0; i < test.count; i++) {
        labels[i] = test.labels[i];
        predicted[i] = NetworkOutput.predictedClass(probabilities[i], 0, CLASSES);
      }
      return new DistinctScores(labels, predicted);
    }

    long[][] confusion(int times) {
      long[][] matrix = new long[CLASSES][CLASSES];
      for (int i = 0; i < labels.length; i++) {
        matrix[labels[i]][predicted[i]] += times;
      }
      return matrix;
    }

    long[] predictedCounts(int times) {
      long[] counts = new long[CLASSES];
      for (int p : predicted) {
        counts[p] += times;
      }
      return counts;
    }

    /** The indices of the first {@code keep} misclassified images of the split, the distinct ones {@code times} over. */
    List<Integer> firstWrong(int keep, int times) {
      List<Integer> wrong = new ArrayList<>();
      for (int index = 0; index < labels.length * times && wrong.size() < keep; index++) {
        if (labels[index % labels.length] != predicted[index % labels.length]) {
          wrong.add(index);
        }
      }
      return wrong;
    }
  }
}
