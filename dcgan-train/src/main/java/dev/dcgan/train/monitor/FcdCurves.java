package dev.dcgan.train.monitor;

import dev.dcgan.train.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * FCD against epoch, one line per run, from their {@code eval.csv}: the picture {@code dcgan
 * compare --out} draws. The y axis is logarithmic when the values span more than ten times.
 */
public final class FcdCurves {
  public static final int WIDTH = 800;
  public static final int HEIGHT = 400;

  private FcdCurves() {}

  /** One run's line: its legend label and its evaluations. */
  public record Curve(String label, EvalTable table) {}

  /** Draws the curves into a PNG, written whole or not at all. */
  public static void write(Path png, List<Curve> curves) throws IOException {
    AtomicFiles.writeBytes(
        png, BitmapEncoder.getBitmapBytes(chart(curves), BitmapEncoder.BitmapFormat.PNG));
  }

  static XYChart chart(List<Curve> curves) {
    boolean log = logarithmic(curves);
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("FCD by epoch (lower is better)")
            .xAxisTitle("epoch")
            .yAxisTitle(log ? "FCD (log scale)" : "FCD")
            .build();
    chart.getStyler().setYAxisLogarithmic(log);
    // Epochs are whole: a tick between two of them gets no label.
    chart
        .getStyler()
        .setxAxisTickLabelsFormattingFunction(
            x -> x == Math.rint(x) ? String.format(Locale.ROOT, "%.0f", x) : "");
    for (Curve c : curves) {
      var rows = c.table().rows();
      chart.addSeries(
          c.label(),
          rows.stream().map(EvalTable.Row::epoch).toList(),
          rows.stream().map(EvalTable.Row::fcd).toList());
    }
    return chart;
  }

  /** More than ten times between the lowest FCD and the highest, none of them 0. */
  static boolean logarithmic(List<Curve> curves) {
    var fcds = curves.stream().flatMap(c -> c.table().rows().stream()).map(EvalTable.Row::fcd);
    var stats = fcds.mapToDouble(Double::doubleValue).summaryStatistics();
    return stats.getMin() > 0 && stats.getMax() > 10 * stats.getMin();
  }
}
