package io.sparkdigits.core.report;

import io.sparkdigits.core.metrics.EpochRecord;
import io.sparkdigits.core.metrics.MisclassifiedDigit;
import io.sparkdigits.core.metrics.RunMetrics;
import io.sparkdigits.core.storage.HadoopFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/**
 * A run's report, what the Keras originals showed a person: accuracy and loss per epoch on the
 * training split and the held-out splits scored after every epoch (validation, test), the confusion matrix as a heat map, a grid of misclassified test
 * digits, and {@code index.html} with them and the metrics, which a browser opens from the
 * filesystem with no server.
 */
public final class RunReport {
  public static final String DIRECTORY = "report";
  public static final String INDEX = "index.html";
  static final String ACCURACY = "accuracy.png";
  static final String LOSS = "loss.png";
  static final String CONFUSION_MATRIX = "confusion-matrix.png";
  static final String MISCLASSIFIED = "misclassified.png";

  private RunReport() {}

  /**
   * Writes the report into {@code directory}; each misclassified digit carries its {@code rows x
   * columns} image. With none, the page says so and there is no grid.
   */
  public static void write(FileSystem fs, Path directory, RunMetrics metrics, List<MisclassifiedDigit> misclassified,
      int rows, int columns) throws IOException {
    chart(fs, new Path(directory, ACCURACY), ReportCharts.perEpoch("Accuracy per epoch", "accuracy",
        metrics.epochs(), splits(EpochRecord::trainAccuracy, EpochRecord::validationAccuracy, EpochRecord::testAccuracy)),
        640, 400);
    chart(fs, new Path(directory, LOSS), ReportCharts.perEpoch("Loss per epoch", "cross-entropy loss",
        metrics.epochs(), splits(EpochRecord::trainLoss, EpochRecord::validationLoss, EpochRecord::testLoss)), 640, 400);
    chart(fs, new Path(directory, CONFUSION_MATRIX), ReportCharts.confusionMatrix(metrics.test().confusionMatrix()),
        600, 560);
    if (!misclassified.isEmpty()) {
      BufferedImage grid = DigitGrid.misclassified(misclassified, rows, columns);
      HadoopFiles.writeAtomically(fs, new Path(directory, MISCLASSIFIED), out -> ImageIO.write(grid, "png", out));
    }
    String page = ReportPage.html(metrics, misclassified.size());
    HadoopFiles.writeAtomically(fs, new Path(directory, INDEX), out -> out.write(page.getBytes(StandardCharsets.UTF_8)));
  }

  /** A measure of each split, by the split's name, in the order the charts draw them. */
  private static Map<String, Function<EpochRecord, Double>> splits(Function<EpochRecord, Double> train,
      Function<EpochRecord, Double> validation, Function<EpochRecord, Double> test) {
    Map<String, Function<EpochRecord, Double>> splits = new LinkedHashMap<>();
    splits.put("train", train);
    splits.put("validation", validation);
    splits.put("test", test);
    return splits;
  }

  static void chart(FileSystem fs, Path file, JFreeChart chart, int width, int height) throws IOException {
    HadoopFiles.writeAtomically(fs, file, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
  }
}
