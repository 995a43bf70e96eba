package dev.dcgan.train.monitor;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The FCD chart of {@code dcgan compare}: one series per run, a log axis for wide ranges. */
class FcdCurvesTest {
  static FcdCurves.Curve curve(String label, double... fcds) {
    var rows = new ArrayList<EvalTable.Row>();
    for (int i = 0; i < fcds.length; i++)
      rows.add(new EvalTable.Row(i + 1, 100L * (i + 1), fcds[i]));
    return new FcdCurves.Curve(label, new EvalTable(Path.of(label, "eval.csv"), rows));
  }

  @Test
  void valuesSpanningMoreThanTenTimesGetALogAxisThatSaysSo() {
    var chart = FcdCurves.chart(List.of(curve("a", 600, 120, 80), curve("b", 400, 50)));
    assertTrue(chart.getStyler().isYAxisLogarithmic());
    assertEquals("FCD (log scale)", chart.getYAxisTitle());
    assertEquals(List.of("a", "b"), List.copyOf(chart.getSeriesMap().keySet()));
    assertArrayEquals(new double[] {1, 2, 3}, chart.getSeriesMap().get("a").getXData());
    assertArrayEquals(new double[] {400, 50}, chart.getSeriesMap().get("b").getYData());
  }

  @Test
  void valuesWithinTenTimesKeepALinearAxis() {
    var chart = FcdCurves.chart(List.of(curve("a", 90, 60), curve("b", 30, 9.5)));
    assertFalse(chart.getStyler().isYAxisLogarithmic());
    assertEquals("FCD", chart.getYAxisTitle());
    // 0 cannot be on a log axis, however wide the span.
    assertFalse(FcdCurves.logarithmic(List.of(curve("a", 500, 0))));
  }

  @Test
  void theBestIsTheLowestAndOfEqualOnesTheFirst() {
    var table = curve("a", 50, 20, 30, 20).table();
    assertEquals(2, table.best().epoch());
    assertEquals(4, table.last().epoch());
  }
}
