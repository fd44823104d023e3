package io.sparkdigits.jobs.bench;

import io.sparkdigits.core.metrics.EpochRecord;
import io.sparkdigits.core.metrics.TrainingRecord;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.jobs.cli.JobRunner;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cost curve of {@code scripts/scaling.sh}: for each training it ran, the examples, the
 * averaging rounds, the epoch's time, its time per million examples, the Spark JVM's peak resident
 * memory and the test accuracy, as a markdown table, and time and memory against examples as a PNG.
 */
@Command(name = "scaling-report", mixinStandardHelpOptions = true)
public final class ScalingReport implements Callable<Integer> {
  @Option(names = "--run", required = true, paramLabel = "TRAINING_JSON:TIME_FILE",
      description = "A training's training.json and what /usr/bin/time -f '%%M %%e' wrote of its JVM.")
  List<String> runs;

  @Option(names = "--chart", description = "Where to write the PNG chart.")
  Path chart;

  /** One training of the curve. */
  record Point(TrainingRecord training, long peakRssBytes, double wallSeconds) {
    EpochRecord lastEpoch() {
      return training.epochs().get(training.epochs().size() - 1);
    }

    double secondsPerMillion() {
      return lastEpoch().seconds() / training.trainExamples() * 1e6;
    }
  }

  public static void main(String[] args) {
    System.exit(JobRunner.run(new ScalingReport(), args));
  }

  @Override
  public Integer call() throws Exception {
    List<Point> points = new ArrayList<>();
    FileSystem local = FileSystem.getLocal(new Configuration());
    for (String run : runs) {
      String[] files = run.split(":", 2);
      TrainingRecord training = JsonFiles.read(local, new org.apache.hadoop.fs.Path(files[0]), TrainingRecord.class);
      String[] time = Files.readString(Path.of(files[1])).trim().split("\\s+");
      points.add(new Point(training, Long.parseLong(time[0]) * 1024, Double.parseDouble(time[1])));
    }
    System.out.println("| training examples | network | workers | rounds per epoch | epoch | seconds per million "
        + "examples | peak RSS of the Spark JVM | whole JVM, wall clock | test accuracy |");
    System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Point point : points) {
      TrainingRecord training = point.training();
      System.out.printf("| %,d | %s | %d | %d | %.1f s | %.1f | %.2f GB | %.0f s | %.2f%% |%n", training.trainExamples(),
          training.network().architecture().describe(), training.workers(), training.roundsPerEpoch(), point.lastEpoch().seconds(),
          point.secondsPerMillion(), point.peakRssBytes() / 1e9, point.wallSeconds(),
          100 * point.lastEpoch().testAccuracy());
    }
    if (chart != null) {
      writeChart(points, chart);
      System.out.println("Chart: " + chart);
    }
    return 0;
  }

  /** Epoch time (left axis) and peak RSS (right axis) against training examples. */
  private static void writeChart(List<Point> points, Path file) throws IOException {
    XYSeries seconds = new XYSeries("epoch time (s)");
    XYSeries memory = new XYSeries("peak RSS of the Spark JVM (GB)");
    for (Point point : points) {
      seconds.add(point.training().trainExamples(), point.lastEpoch().seconds());
      memory.add(point.training().trainExamples(), point.peakRssBytes() / 1e9);
    }
    NumberAxis examples = new NumberAxis("training examples");
    NumberAxis time = new NumberAxis("epoch time (s)");
    NumberAxis rss = new NumberAxis("peak RSS (GB)");
    rss.setRange(0, Math.max(8, memory.getMaxY() * 1.2));
    XYPlot plot = new XYPlot(new XYSeriesCollection(seconds), examples, time, renderer(new Color(0x2c7fb8)));
    plot.setRangeAxis(1, rss);
    plot.setDataset(1, new XYSeriesCollection(memory));
    plot.mapDatasetToRangeAxis(1, 1);
    plot.setRenderer(1, renderer(new Color(0xd95f0e)));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart("One epoch of training: time and memory against data size",
        JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 760, 440);
  }

  private static XYLineAndShapeRenderer renderer(Color color) {
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, color);
    renderer.setSeriesStroke(0, new BasicStroke(2f));
    return renderer;
  }
}
