package io.sparkdigits.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.model.NetworkInput;
import io.sparkdigits.core.model.NetworkOutput;
import io.sparkdigits.core.testing.SyntheticDigits;
import io.sparkdigits.spark.predict.Predictor;
import io.sparkdigits.spark.testing.SparkTestBase;
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
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark ML model's transform, as the predict job scores a table with it, in a JVM capped as
 * {@link ScoringMemoryTest} caps one (JavaCPP's cap on the process's physical memory), on more
 * images than the cap holds even as bytes, four times more as the network's floats: it must
 * stream them. The table is a few distinct images written over and over, so the exact count
 * of each predicted class is that of the distinct images, computed here with the model.
 */
class TransformMemoryTest extends SparkTestBase {
  private static final int PIXELS = 28 * 28;
  private static final int DISTINCT = 1_000;
  private static final long ROWS = 1_500_000;
  private static final String HEAP = "-Xmx600m";
  private static final long MEMORY_CAP_MB = 1_100;
  /** 1.5 million images take a minute or two alone; a shared machine, loaded 10 times its cores, took over 10. */
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);

  @TempDir Path dir;

  @Test
  void transformStreamsATableLargerThanTheMemory() throws Exception {
    assertThat(ROWS * PIXELS).as("the table's pixels as bytes, against the cap of the process's memory")
        .isGreaterThan(MEMORY_CAP_MB * 1024 * 1024);
    SyntheticDigits digits = new SyntheticDigits(DISTINCT, 28, 28, 10, 51);
    byte[] distinct = digits.pixels;
    Path table = dir.resolve("table");
    check(spark -> spark.range(ROWS).select(col("id").cast("int").as("index"),
            udf((UDF1<Long, byte[]>) id -> Arrays.copyOfRange(distinct, (int) (id % DISTINCT) * PIXELS,
                (int) (id % DISTINCT + 1) * PIXELS), DataTypes.BinaryType).apply(col("id")).as("pixels"))
        .write().parquet(table.toString()));
    Path model = TestModels.untrained(dir.resolve("model.zip"));
    Path predictions = dir.resolve("predictions");

    Path log = dir.resolve("predict.log");
    Process process = JobProcess.start(PredictJob.class, log,
        List.of(HEAP, "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + MEMORY_CAP_MB + "m"),
        List.of("--model", model.toString(), "--parquet", table.toString(), "--output", predictions.toString()));
    if (!process.waitFor(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      JobProcess.kill(process);
      throw new AssertionError("predict did not finish in " + JOB_TIMEOUT + "; its log:\n" + Files.readString(log));
    }
    assertThat(process.exitValue()).as("predict's exit status; its log:\n%s", Files.readString(log)).isZero();

    MultiLayerNetwork network = ModelFiles.read(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(model.toUri()));
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < DISTINCT; i++) {
      images.add(Arrays.copyOfRange(digits.pixels, i * PIXELS, (i + 1) * PIXELS));
    }
    float[][] probabilities = network.output(NetworkInput.features(images, PIXELS)).toFloatMatrix();
    long[] expected = new long[10];
    for (int i = 0; i < DISTINCT; i++) {
      expected[NetworkOutput.predictedClass(probabilities[i], 0, 10)] += ROWS / DISTINCT;
    }
    check(spark -> {
      long[] predicted = new long[10];
      for (Row row : spark.read().parquet(predictions.toString()).groupBy(Predictor.PREDICTED).count().collectAsList()) {
        predicted[row.getInt(0)] = row.getLong(1);
      }
      assertThat(predicted).as("images predicted as each class").containsExactly(expected);
    });
  }
}
