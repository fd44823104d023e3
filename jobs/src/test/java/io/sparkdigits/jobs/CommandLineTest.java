package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake on the command line ends in one line and a non-zero exit, before Spark starts. */
class CommandLineTest {
  @TempDir Path dir;

  @AfterEach
  void noSparkWasStarted() {
    assertThat(SparkSession.getActiveSession().isEmpty()).as("Spark was not started").isTrue();
    assertThat(SparkSession.getDefaultSession().isEmpty()).isTrue();
  }

  private static void assertOneLineError(JobOutput result, String expected) {
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip()).doesNotContain("\n").contains(expected);
    assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void everyEntryPointHasHelp() {
    for (var job : new java.util.concurrent.Callable[] {new IngestJob(), new TrainJob(), new EvaluateJob(),
        new PublishJob(), new PipelineJob(), new PredictJob()}) {
      @SuppressWarnings("unchecked")
      JobOutput help = JobOutput.run(job, "--help");
      assertThat(help.exitCode()).isZero();
      assertThat(help.out()).contains("Usage:").contains("--out=URI");
    }
    assertThat(JobOutput.run(new PipelineJob(), "--help").out())
        .contains("--layers=SIZES").contains("default: 784-128-10").contains("--epochs=N").contains("default: 3");
  }

  @Test
  void unknownOptionIsOneLine() {
    assertOneLineError(JobOutput.run(new PipelineJob(), "--data", dir.toString(), "--epoch", "3"),
        "Unknown options: '--epoch', '3'");
  }

  @Test
  void zeroEpochsAreRefused() {
    assertOneLineError(JobOutput.run(new TrainJob(), "--epochs", "0"), "epochs must be at least 1, got 0");
  }

  @Test
  void predictNeedsAModelThatExistsAndOneInput() {
    Path missing = dir.resolve("no-such-run");
    assertOneLineError(JobOutput.run(new PredictJob(), "--model", missing.toString(), "--images", dir.toString()),
        "--model " + missing + ": no such file or folder");
    assertOneLineError(JobOutput.run(new PredictJob(), "--model", dir.toString()),
        "Error: Missing required argument (specify one of these): (--images=URI | --parquet=URI | --split=NAME)");
    assertOneLineError(JobOutput.run(new PredictJob(), "--model", dir.toString(), "--images", dir.toString(),
        "--split", "test"), "--images=URI, --split=NAME are mutually exclusive");
    assertOneLineError(JobOutput.run(new PredictJob(), "--champion", "digits", "--out", dir.toString(), "--split",
        "test"), "--champion digits: model digits has no champion under file:" + dir);
  }

  @Test
  void negativeAveragingFrequencyIsRefused() {
    assertOneLineError(JobOutput.run(new TrainJob(), "--averaging-frequency", "-1"),
        "averaging frequency must be 0 (once per epoch) or more, got -1");
  }

  @Test
  void layerOfSizeZeroIsRefused() {
    assertOneLineError(JobOutput.run(new PipelineJob(), "--layers", "784-0-10"),
        "layer sizes must be positive, got 784-0-10");
  }

  @Test
  void unknownActivationIsRefused() {
    assertOneLineError(JobOutput.run(new TrainJob(), "--activation", "wobbly"),
        "Invalid value for option '--activation'");
  }

  @Test
  void notANumberIsRefused() {
    assertOneLineError(JobOutput.run(new TrainJob(), "--batch-size", "lots"), "'lots' is not an int");
  }

  @Test
  void missingInputFolderIsRefused() {
    Path missing = dir.resolve("nothing-here");
    assertOneLineError(JobOutput.run(new IngestJob(), "--data", missing.toString()),
        "--data " + missing + ": no such folder");
  }

  @Test
  void folderWithoutTheFilesIsRefused() {
    assertOneLineError(JobOutput.run(new PipelineJob(), "--data", dir.toString()),
        "no train-images-idx3-ubyte[.gz] in it");
  }

  @Test
  void runIdIsRequiredToEvaluateAndPublish() {
    assertOneLineError(JobOutput.run(new EvaluateJob()), "Missing required option: '--run-id=ID'");
    assertOneLineError(JobOutput.run(new PublishJob()), "Missing required option: '--run-id=ID'");
  }

  @Test
  void configFileReplacesBundledDefaults() throws Exception {
    Path config = java.nio.file.Files.writeString(dir.resolve("my.properties"), "epochs=0\n");
    assertOneLineError(JobOutput.run(new TrainJob(), "--config", config.toString()),
        "epochs must be at least 1, got 0");
  }
}
