package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.core.metrics.TrainingRecord;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.spark.testing.SparkTestBase;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training in a JVM whose memory, heap and ND4J's arrays together, is capped below the size of the
 * training split as float minibatches: the trainer must stream the split, not hold it. The cap is
 * JavaCPP's maxphysicalbytes, which the submit wrappers set in production, and which throws
 * OutOfMemoryError when an array would take the process's resident memory past it.
 */
class TrainingMemoryTest extends SparkTestBase {
  private static final int SIDE = 28;
  /** Distinct images, written over and over into a training split of {@link #TRAIN_EXAMPLES}. */
  private static final int DISTINCT = 20_000;
  private static final int TRAIN_EXAMPLES = 400_000;
  private static final String HEAP = "-Xmx600m";
  private static final long MEMORY_CAP_MB = 1_100;

  @TempDir Path dir;

  @Test
  void aTrainingSplitLargerThanTheMemoryTrains() throws Exception {
    long floatMinibatchBytes = (long) TRAIN_EXAMPLES * (SIDE * SIDE + 10) * Float.BYTES;
    assertThat(floatMinibatchBytes).as("the split as float minibatches, against the cap")
        .isGreaterThan(MEMORY_CAP_MB * 1024 * 1024);
    Path data = dir.resolve("data");
    new SyntheticDigits(DISTINCT, SIDE, SIDE, 10, 31).writeMnistFiles(data, "train", TRAIN_EXAMPLES / DISTINCT);
    new SyntheticDigits(2_000, SIDE, SIDE, 10, 32).writeMnistFiles(data, "t10k", false);
    String root = dir.resolve("warehouse").toString();
    assertThat(JobOutput.run(new IngestJob(), "--data", data.toString(), "--out", root,
        "--validation-fraction", "0").exitCode()).isZero();

    Path log = dir.resolve("train.log");
    Process training = JobProcess.start(TrainJob.class, log,
        List.of(HEAP, "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + MEMORY_CAP_MB + "m"),
        List.of("--out", root, "--run-id", "capped", "--epochs", "1", "--layers", "784-16-10"));
    assertThat(training.waitFor(JobProcess.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("finished in time").isTrue();

    assertThat(training.exitValue()).as("exit status; its log:\n%s", Files.readString(log)).isZero();
    TrainingRecord record = JsonFiles.read(org.apache.hadoop.fs.FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(root, "_staging/capped/training.json"), TrainingRecord.class);
    assertThat(record.trainExamples()).isEqualTo(TRAIN_EXAMPLES);
    assertThat(record.epochs()).hasSize(1);
    assertThat(record.epochs().get(0).testAccuracy()).as("test accuracy after one epoch").isGreaterThan(0.9);
  }
}
