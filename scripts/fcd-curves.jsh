// Draws per-epoch FCD curves from runs' eval.csv files into one PNG (XChart, from the build's lib):
//   jshell -R-Djava.awt.headless=true --class-path "dcgan-train/target/lib/*" \
//     -R-Dout=docs/evaluation-fcd-mnist.png -R-Druns="label=RUN_DIR,label=RUN_DIR" [-R-Dlog=true] scripts/fcd-curves.jsh
import java.nio.file.*;
import org.knowm.xchart.*;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

XYChart chart = new XYChartBuilder().width(900).height(500).title(System.getProperty("title", "FCD per epoch (2000 samples, lower is better)")).xAxisTitle("epoch").yAxisTitle(Boolean.getBoolean("log") ? "FCD (log scale)" : "FCD").build();
chart.getStyler().setYAxisLogarithmic(Boolean.getBoolean("log"));
chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
for (String entry : System.getProperty("runs").split(",")) {
  String[] parts = entry.split("=", 2);
  var rows = Files.readAllLines(Path.of(parts[1], "eval.csv")).stream().skip(1).map(l -> l.split(",")).toList();
  double[] x = rows.stream().mapToDouble(r -> Double.parseDouble(r[0])).toArray();
  double[] y = rows.stream().mapToDouble(r -> Double.parseDouble(r[2])).toArray();
  chart.addSeries(parts[0], x, y).setMarker(SeriesMarkers.CIRCLE);
}
BitmapEncoder.saveBitmap(chart, System.getProperty("out"), BitmapEncoder.BitmapFormat.PNG);
/exit
