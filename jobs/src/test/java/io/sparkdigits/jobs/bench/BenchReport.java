package io.sparkdigits.jobs.bench;

import io.sparkdigits.jobs.cli.JobRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Puts the benchmark's measurements side by side as a markdown table, then the ingest, the
 * distance to the numpy reference, which single-JVM way the ratio is against, and last a
 * machine-readable line: {@code spark/single epoch ratio: R accuracy: A}, R being (b)'s steady
 * epoch time over that of the fastest single-JVM way that had the same cores as (b), and A (b)'s
 * final test accuracy. Given several runs of a way and setting (interleaved with the others', so
 * that each way sees the machine's slow and fast minutes alike), each row and the ratio take the
 * middle run by steady epoch time ({@link #middle}).
 */
@Command(name = "bench-report", mixinStandardHelpOptions = true)
public final class BenchReport implements Callable<Integer> {
  private static final double TARGET_ACCURACY = 0.97;

  @Option(names = "--single", required = true,
      description = "(a), once per way, setting and run; each way's fastest setting is its row.")
  List<Path> single;

  @Option(names = "--spark", required = true, description = "(b), once per run")
  List<Path> spark;

  @Option(names = "--mllib", description = "(c)")
  Path mllib;

  @Option(names = "--reference", description = "The numpy script's measurement.")
  Path reference;

  public static void main(String[] args) {
    System.exit(JobRunner.run(new BenchReport(), args));
  }

  @Override
  public Integer call() throws Exception {
    // each way and setting by its middle run
    Map<String, List<Measurement>> runs = read(single).stream()
        .collect(Collectors.groupingBy(BenchReport::wayAndSetting, LinkedHashMap::new, Collectors.toList()));
    List<Measurement> singles = runs.values().stream().map(BenchReport::middle).collect(Collectors.toList());
    List<Measurement> distributedRuns = read(spark);
    Measurement distributed = middle(distributedRuns);
    Measurement baseline = sameCoresBaseline(singles, distributed);

    System.out.println("| way | setting | seconds per epoch | examples/s | test accuracy after each epoch "
        + "| time to 97% | peak heap |");
    System.out.println("|---|---|---:|---:|---|---:|---:|");
    // one row per way, in the order given, at its fastest setting; the others in its setting column
    Map<String, List<Measurement>> ways = singles.stream()
        .collect(Collectors.groupingBy(Measurement::way, LinkedHashMap::new, Collectors.toList()));
    for (List<Measurement> settings : ways.values()) {
      settings.sort(Comparator.comparingDouble(Measurement::steadyEpochSeconds));
      Measurement fastest = settings.get(0);
      String others = settings.stream().skip(1)
          .map(m -> String.format("%s: %.2f s", m.setting(), m.steadyEpochSeconds())).collect(Collectors.joining(", "));
      row("(a) " + fastest.way(), fastest.setting() + (others.isEmpty() ? "" : " (fastest; " + others + ")"), fastest);
    }
    row("(b) " + distributed.way(), distributed.setting(), distributed);
    if (mllib != null) {
      Measurement perceptron = Measurement.read(mllib);
      row("(c) " + perceptron.way(), perceptron.setting() + "; accuracy of each fit (its iterations)", perceptron);
    }
    Measurement numpy = reference == null ? null : Measurement.read(reference);
    if (numpy != null) {
      row(numpy.way(), numpy.setting(), numpy);
    }

    Measurement.Ingest ingest = distributed.ingest();
    System.out.printf("%nIngest: %,d images in %.1f s, %,.0f images/s, %.1f MB/s of IDX (%.1f MB uncompressed, "
            + "%.1f MB as read); Parquet %.1f MB, %.2f of the uncompressed IDX size%n",
        ingest.images(), ingest.seconds(), ingest.images() / ingest.seconds(), megabytes(ingest.idxBytes())
            / ingest.seconds(), megabytes(ingest.idxBytes()), megabytes(ingest.inputBytes()),
        megabytes(ingest.parquetBytes()), (double) ingest.parquetBytes() / ingest.idxBytes());
    if (numpy != null) {
      System.out.printf("Against the numpy script's %.2f s per epoch: (a) takes %.1fx as long, (b) %.1fx%n",
          numpy.steadyEpochSeconds(), baseline.steadyEpochSeconds() / numpy.steadyEpochSeconds(),
          distributed.steadyEpochSeconds() / numpy.steadyEpochSeconds());
    }
    System.out.printf("The ratio is against the fastest single-JVM way on the same %d cores as (b): %s, %s, %.2f s "
        + "per epoch%n", distributed.cores(), baseline.way(), baseline.setting(), baseline.steadyEpochSeconds());
    if (distributedRuns.size() > 1) {
      System.out.printf("Each row is the middle of its %d runs by seconds per epoch; (b)'s runs: %s; the baseline's: %s%n",
          distributedRuns.size(), steadySeconds(distributedRuns),
          steadySeconds(runs.get(wayAndSetting(baseline))));
    }
    System.out.printf("spark/single epoch ratio: %.2f accuracy: %.4f%n",
        distributed.steadyEpochSeconds() / baseline.steadyEpochSeconds(), distributed.finalAccuracy());
    return 0;
  }

  /**
   * The fastest of the single-JVM measurements that had as many cores at their disposal as {@code
   * distributed}, whether they kept them all busy or not (a one-thread fit is a way to use a
   * machine's cores too).
   */
  static Measurement sameCoresBaseline(List<Measurement> singles, Measurement distributed) {
    return singles.stream()
        .filter(m -> m.cores() == distributed.cores())
        .min(Comparator.comparingDouble(Measurement::steadyEpochSeconds))
        .orElseThrow(() -> new IllegalArgumentException("no single-JVM measurement had the " + distributed.cores()
            + " cores of (b) (theirs: " + singles.stream().map(m -> m.way() + ", " + m.setting() + ": " + m.cores())
            .collect(Collectors.joining("; ")) + "): the ratio would compare unequal resources"));
  }

  /**
   * The middle of several runs of one way by steady epoch time: the median of an odd number; of an
   * even number, the faster of the two in the middle.
   */
  static Measurement middle(List<Measurement> runs) {
    List<Measurement> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(Measurement::steadyEpochSeconds));
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static List<Measurement> read(List<Path> files) throws IOException {
    List<Measurement> measurements = new ArrayList<>();
    for (Path file : files) {
      measurements.add(Measurement.read(file));
    }
    return measurements;
  }

  private static String wayAndSetting(Measurement m) {
    return m.way() + "\n" + m.setting();
  }

  private static String steadySeconds(List<Measurement> runs) {
    return runs.stream().map(m -> String.format("%.2f", m.steadyEpochSeconds())).collect(Collectors.joining(", "))
        + " s";
  }

  private static void row(String way, String setting, Measurement m) {
    // entries that stand for several passes (MLlib's fits) say how many passes they reached
    boolean onePassEach = IntStream.range(0, m.epochs().size()).allMatch(i -> m.epochs().get(i).epoch() == i + 1);
    String accuracies = m.epochs().stream()
        .map(epoch -> String.format("%.2f%%", 100 * epoch.testAccuracy()) + (onePassEach ? "" : " (" + epoch.epoch() + ")"))
        .collect(Collectors.joining(", "));
    double epochSeconds = m.steadyEpochSeconds();
    OptionalDouble toTarget = m.secondsTo(TARGET_ACCURACY);
    double spent = m.epochs().stream().mapToDouble(Measurement.Epoch::seconds).sum();
    System.out.printf("| %s | %s | %.2f | %,.0f | %s | %s | %s |%n", way, setting, epochSeconds,
        m.trainExamples() / epochSeconds, accuracies,
        toTarget.isPresent() ? String.format("%.1f s", toTarget.getAsDouble())
            : String.format("not reached in %.0f s", spent),
        m.peakHeapBytes() > 0 ? String.format("%,.0f MB", megabytes(m.peakHeapBytes())) : "n/a");
  }

  private static double megabytes(long bytes) {
    return bytes / 1e6;
  }
}
