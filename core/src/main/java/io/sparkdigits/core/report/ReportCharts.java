package io.sparkdigits.core.report;

import io.sparkdigits.core.metrics.EpochRecord;
import io.sparkdigits.core.registry.SweepRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeriesCollection;

/** The charts of the reports of runs and sweeps, drawn by JFreeChart. */
final class ReportCharts {
  /** The colours of a run's splits, as Matplotlib's first three. */
  private static final Map<String, Color> SPLIT_COLOURS = Map.of("train", new Color(0x1f77b4),
      "validation", new Color(0x2ca02c), "test", new Color(0xff7f0e));

  private ReportCharts() {}

  /**
   * A measure per epoch, one line per split named in {@code splits} (in its order): the split's
   * value of each epoch, epochs where it is null left out, a split with no value at all not drawn.
   */
  static JFreeChart perEpoch(String title, String measure, List<EpochRecord> epochs,
      Map<String, Function<EpochRecord, Double>> splits) {
    XYSeriesCollection series = new XYSeriesCollection();
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
    splits.forEach((split, value) -> {
      XYSeries line = new XYSeries(split);
      for (EpochRecord epoch : epochs) {
        Double y = value.apply(epoch);
        if (y != null) {
          line.add(epoch.epoch(), y);
        }
      }
      if (line.getItemCount() > 0) {
        int index = series.getSeriesCount();
        series.addSeries(line);
        lines.setSeriesPaint(index, SPLIT_COLOURS.getOrDefault(split, Color.GRAY));
        lines.setSeriesStroke(index, new BasicStroke(2f));
      }
    });

    NumberAxis epochAxis = new NumberAxis("epoch");
    epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    epochAxis.setAutoRangeIncludesZero(false);
    NumberAxis valueAxis = new NumberAxis(measure);
    valueAxis.setAutoRangeIncludesZero(false);
    return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot(series, epochAxis, valueAxis, lines), true);
  }

  /** A white plot with light grid lines, as every chart of the reports has. */
  static XYPlot plot(XYDataset data, ValueAxis x, ValueAxis y, XYItemRenderer renderer) {
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }

  /**
   * A sweep's candidates: validation and test accuracy against training time, one point of each
   * per candidate, the validation point named.
   */
  static JFreeChart accuracyAgainstTime(List<SweepRecord.Candidate> candidates) {
    XYSeries validation = new XYSeries("validation", false);
    XYSeries test = new XYSeries("test", false);
    XYLineAndShapeRenderer points = new XYLineAndShapeRenderer(false, true);
    points.setSeriesPaint(0, SPLIT_COLOURS.get("validation"));
    points.setSeriesPaint(1, SPLIT_COLOURS.get("test"));
    XYSeriesCollection series = new XYSeriesCollection();
    series.addSeries(validation);
    series.addSeries(test);
    NumberAxis time = new NumberAxis("training time (s)");
    // room for the name of the slowest candidate, written right of its point
    time.setUpperMargin(0.3);
    NumberAxis accuracy = new NumberAxis("accuracy");
    accuracy.setAutoRangeIncludesZero(false);
    XYPlot plot = plot(series, time, accuracy, points);
    for (SweepRecord.Candidate c : candidates) {
      validation.add(c.trainingSeconds(), c.validationAccuracy());
      test.add(c.trainingSeconds(), c.testAccuracy());
      XYTextAnnotation name = new XYTextAnnotation("  " + c.name(), c.trainingSeconds(), c.validationAccuracy());
      name.setTextAnchor(TextAnchor.CENTER_LEFT);
      name.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      plot.addAnnotation(name);
    }
    return new JFreeChart("Accuracy against training time", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
  }

  /**
   * The confusion matrix as a heat map, true labels down, predicted labels across, each cell with
   * its count. The colour follows the logarithm of the count, so that the few mistakes show
   * beside the thousands on the diagonal.
   */
  static JFreeChart confusionMatrix(long[][] counts) {
    int classes = counts.length;
    double[][] cells = new double[3][classes * classes];
    long most = 1;
    for (int actual = 0; actual < classes; actual++) {
      for (int predicted = 0; predicted < classes; predicted++) {
        int cell = actual * classes + predicted;
        cells[0][cell] = predicted;
        cells[1][cell] = actual;
        cells[2][cell] = counts[actual][predicted];
        most = Math.max(most, counts[actual][predicted]);
      }
    }
    DefaultXYZDataset dataset = new DefaultXYZDataset();
    dataset.addSeries("count", cells);

    String[] labels = new String[classes];
    for (int label = 0; label < classes; label++) {
      labels[label] = Integer.toString(label);
    }
    SymbolAxis predictedAxis = new SymbolAxis("predicted", labels);
    SymbolAxis actualAxis = new SymbolAxis("true", labels);
    actualAxis.setInverted(true);
    XYBlockRenderer blocks = new XYBlockRenderer();
    LogBluePaintScale scale = new LogBluePaintScale(most);
    blocks.setPaintScale(scale);
    XYPlot plot = new XYPlot(dataset, predictedAxis, actualAxis, blocks);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    Font countFont = new Font(Font.SANS_SERIF, Font.PLAIN, classes > 12 ? 9 : 12);
    for (int actual = 0; actual < classes; actual++) {
      for (int predicted = 0; predicted < classes; predicted++) {
        long count = counts[actual][predicted];
        XYTextAnnotation text = new XYTextAnnotation(Long.toString(count), predicted, actual);
        text.setFont(countFont);
        text.setPaint(scale.isDark(count) ? Color.WHITE : Color.BLACK);
        plot.addAnnotation(text);
      }
    }
    return new JFreeChart("Confusion matrix (test split)", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
  }

  /** White for 0 to dark blue for the largest count, on a logarithmic scale. */
  private record LogBluePaintScale(long most) implements PaintScale {
    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return most;
    }

    @Override
    public Paint getPaint(double value) {
      double share = share(value);
      return new Color((int) Math.round(255 - 247 * share), (int) Math.round(255 - 207 * share),
          (int) Math.round(255 - 148 * share));
    }

    boolean isDark(double value) {
      return share(value) > 0.6;
    }

    private double share(double value) {
      return Math.log1p(Math.max(0, value)) / Math.log1p(most);
    }
  }
}
