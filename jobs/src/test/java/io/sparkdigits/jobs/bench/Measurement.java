package io.sparkdigits.jobs.bench;

import io.sparkdigits.core.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What one way of training measured: its epochs (training time, without evaluation, and test
 * accuracy after each), the driver's peak heap and, for the way that ingests, the ingest. Each
 * benchmark program writes one as JSON; {@link BenchReport} puts them side by side.
 *
 * <p>{@code cores} are the CPU cores the way had at its disposal, whether it kept them all busy or
 * not: a JVM's available processors, or a Spark application's task slots.
 *
 * <p>An entry of {@code epochs} may stand for several passes over the training data: its {@code
 * epoch} counts passes from the start, and its seconds are those since the previous entry.
 */
public record Measurement(String way, String setting, int cores, long trainExamples, List<Epoch> epochs,
    long peakHeapBytes, Ingest ingest) {

  public record Epoch(int epoch, double seconds, double testAccuracy) {}

  /** Ingest of the IDX files: uncompressed IDX bytes, bytes as read (gzip or not), Parquet bytes written. */
  public record Ingest(long images, double seconds, long idxBytes, long inputBytes, long parquetBytes) {}

  /**
   * The median time of a pass over the training data, over the entries after the first (which
   * also pays for JIT compilation and caching).
   */
  public double steadyEpochSeconds() {
    double[] seconds = new double[Math.max(1, epochs.size() - 1)];
    for (int i = epochs.size() > 1 ? 1 : 0, j = 0; i < epochs.size(); i++, j++) {
      int passes = epochs.get(i).epoch() - (i == 0 ? 0 : epochs.get(i - 1).epoch());
      seconds[j] = epochs.get(i).seconds() / passes;
    }
    java.util.Arrays.sort(seconds);
    int middle = seconds.length / 2;
    return seconds.length % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2;
  }

  /** Training time until the test accuracy first reached {@code accuracy}; empty if it never did. */
  public OptionalDouble secondsTo(double accuracy) {
    double elapsed = 0;
    for (Epoch epoch : epochs) {
      elapsed += epoch.seconds();
      if (epoch.testAccuracy() >= accuracy) {
        return OptionalDouble.of(elapsed);
      }
    }
    return OptionalDouble.empty();
  }

  public double finalAccuracy() {
    return epochs.get(epochs.size() - 1).testAccuracy();
  }

  public void write(Path file) throws IOException {
    Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
  }

  public static Measurement read(Path file) throws IOException {
    return Json.mapper().readValue(file.toFile(), Measurement.class);
  }
}
