package dev.dcgan.train.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.AxisTickCalculator_;

/**
 * The loss plot's step axis stays readable however long the run: drawn as losses.png would be, no
 * two tick labels overlap. The labels and their places are read back from XChart's tick model.
 */
class LossPlotAxisTest {
  @TempDir Path run;

  @ParameterizedTest
  @ValueSource(ints = {10, 937, 4_690, 100_000})
  @Timeout(300) // a hang detector: XChart placed ticks in time quadratic in the step count
  void stepLabelsDoNotOverlap(int steps) throws Exception {
    var csv = new StringBuilder("step,epoch,d_loss,g_loss,d_real,d_fake\n");
    for (int s = 1; s <= steps; s++)
      csv.append(String.format(Locale.ROOT, "%d,1,%.3f,%.3f,0.5,0.5%n", s, 1.4 - s * 1e-6, 0.7));
    Files.writeString(run.resolve("losses.csv"), csv);
    XYChart chart = RunPictures.chart(RunPictures.Losses.read(run.resolve("losses.csv")));
    var image = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    chart.paint(g, chart.getWidth(), chart.getHeight());
    g.dispose();

    var ticks = xAxisTicks(chart);
    List<String> labels = ticks.getTickLabels();
    assertTrue(labels.size() >= 3, "tick labels " + labels);
    Font font = chart.getStyler().getAxisTickLabelsFont();
    var context = new FontRenderContext(null, true, false);
    var boxes = new ArrayList<double[]>();
    for (int i = 0; i < labels.size(); i++) {
      Rectangle2D text = font.getStringBounds(labels.get(i), context);
      double centre = ticks.getTickLocations().get(i); // pixels along the axis
      boxes.add(new double[] {centre - text.getWidth() / 2, centre + text.getWidth() / 2});
    }
    for (int i = 1; i < boxes.size(); i++) {
      assertFalse(
          boxes.get(i)[0] < boxes.get(i - 1)[1] + 4,
          "labels " + labels.get(i - 1) + " and " + labels.get(i) + " overlap: " + labels);
    }
  }

  @Test
  void stepLabelsAreShort() {
    assertEquals("950", RunPictures.stepLabel(950));
    assertEquals("12k", RunPictures.stepLabel(12_000));
    assertEquals("13.8k", RunPictures.stepLabel(13_750));
    assertEquals("2.5M", RunPictures.stepLabel(2_500_000));
  }

  /** XChart paints from this model but keeps the axis package-private: reach it by reflection. */
  private static AxisTickCalculator_ xAxisTicks(XYChart chart) throws ReflectiveOperationException {
    var getXAxis = org.knowm.xchart.internal.chartpart.Chart.class.getDeclaredMethod("getXAxis");
    getXAxis.setAccessible(true);
    var axis = (org.knowm.xchart.internal.chartpart.Axis<?, ?>) getXAxis.invoke(chart);
    return (AxisTickCalculator_) axis.getAxisTickCalculator();
  }
}
