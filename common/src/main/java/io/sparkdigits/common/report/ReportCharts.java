package io.sparkdigits.common.report;

import io.sparkdigits.common.metrics.EpochRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The charts of a run's report, drawn by JFreeChart. */
final class ReportCharts {
  private static final Color TRAIN = new Color(0x1f77b4);
  private static final Color TEST = new Color(0xff7f0e);

  private ReportCharts() {}

  /** A measure per epoch, on the training split and on the test split. */
  static JFreeChart perEpoch(String title, String measure, List<EpochRecord> epochs,
      ToDoubleFunction<EpochRecord> train, ToDoubleFunction<EpochRecord> test) {
    XYSeries trainSeries = new XYSeries("train");
    XYSeries testSeries = new XYSeries("test");
    for (EpochRecord epoch : epochs) {
      trainSeries.add(epoch.epoch(), train.applyAsDouble(epoch));
      testSeries.add(epoch.epoch(), test.applyAsDouble(epoch));
    }
    XYSeriesCollection series = new XYSeriesCollection();
    series.addSeries(trainSeries);
    series.addSeries(testSeries);

    NumberAxis epochAxis = new NumberAxis("epoch");
    epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    epochAxis.setAutoRangeIncludesZero(false);
    NumberAxis valueAxis = new NumberAxis(measure);
    valueAxis.setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
    lines.setSeriesPaint(0, TRAIN);
    lines.setSeriesPaint(1, TEST);
    lines.setSeriesStroke(0, new BasicStroke(2f));
    lines.setSeriesStroke(1, new BasicStroke(2f));
    XYPlot plot = new XYPlot(series, epochAxis, valueAxis, lines);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
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
