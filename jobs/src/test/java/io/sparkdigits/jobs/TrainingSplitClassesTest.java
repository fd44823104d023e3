package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.spark.testing.SparkTestBase;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training split of one class is refused before training, in one line, from the label counts
 * ingest recorded; one that lacks a class of the test split trains, with a warning naming it.
 */
class TrainingSplitClassesTest extends SparkTestBase {
  private static final int SIDE = 28;
  private static final String ONE_CLASS = "the training split holds images of class 0 only: a classifier needs at "
      + "least 2 classes to learn from";

  @TempDir Path dir;

  @Test
  void trainRefusesATrainingSplitOfOneClassBeforeSpark() {
    Path data = write(1, 10);
    String root = dir.resolve("warehouse").toString();
    assertThat(JobOutput.run(new IngestJob(), "--data", data.toString(), "--out", root).exitCode()).isZero();

    JobOutput train = JobOutput.run(new TrainJob(), "--out", root, "--run-id", "one-class", "--epochs", "1");

    assertThat(train.exitCode()).isEqualTo(2);
    assertThat(train.err().strip()).isEqualTo("train: dataset 'mnist': " + ONE_CLASS + " (see --help)");
    assertThat(dir.resolve("warehouse/_staging/one-class")).as("nothing trained").doesNotExist();
  }

  @Test
  void thePipelineRefusesItAfterIngestBeforeTraining() {
    Path data = write(1, 10);
    Path root = dir.resolve("warehouse");

    JobOutput pipeline = JobOutput.run(new PipelineJob(), "--data", data.toString(), "--out", root.toString(),
        "--epochs", "1");

    assertThat(pipeline.exitCode()).isEqualTo(2);
    assertThat(pipeline.err().strip()).matches("pipeline: version \\S+ of dataset 'mnist': " + ONE_CLASS);
    assertThat(root.resolve("models/digits/runs")).as("nothing published").doesNotExist();
  }

  @Test
  void aClassOfTheTestSplitMissingFromTrainingIsWarnedAbout() throws Exception {
    Path data = write(9, 10);
    String root = dir.resolve("warehouse").toString();
    assertThat(JobOutput.run(new IngestJob(), "--data", data.toString(), "--out", root).exitCode()).isZero();

    Path log = dir.resolve("train.log");
    Process training = JobProcess.start(TrainJob.class, log, List.of("--out", root, "--epochs", "1"));
    assertThat(training.waitFor(JobProcess.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("finished in time").isTrue();

    String output = Files.readString(log);
    assertThat(training.exitValue()).as("exit status; its log:\n%s", output).isZero();
    assertThat(output).containsPattern("WARN TrainStage: Version \\S+ of dataset 'mnist' has no training image of "
        + "class 9, which its test split has: the model will never predict it\n");
  }

  /** MNIST's files of synthetic digits: training images of the first {@code trainClasses} classes, test of {@code testClasses}. */
  private Path write(int trainClasses, int testClasses) {
    Path data = dir.resolve("data");
    new SyntheticDigits(600, SIDE, SIDE, trainClasses, 1).writeMnistFiles(data, "train", false);
    new SyntheticDigits(200, SIDE, SIDE, testClasses, 2).writeMnistFiles(data, "t10k", false);
    return data;
  }
}
