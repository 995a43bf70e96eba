// Draws per-epoch FCD curves from runs' eval.csv files into one PNG (XChart, from the build's lib).
//   jshell -R-Djava.awt.headless=true --class-path "dcgan-train/target/lib/*" \
//     -R-Dout=docs/evaluation-fcd-mnist.png -R-Druns="label=RUN_DIR,label=RUN_DIR" scripts/fcd-curves.jsh
import java.nio.file.*;
import org.knowm.xchart.*;
import org.knowm.xchart.style.markers.SeriesMarkers;

var chart = new XYChartBuilder().width(900).height(520)
    .title(System.getProperty("title", "FCD per epoch (2000 samples, lower is better)"))
    .xAxisTitle("epoch").yAxisTitle("FCD").build();
chart.getStyler().setYAxisLogarithmic(true);
chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
for (var entry : System.getProperty("runs").split(",")) {
  var parts = entry.split("=", 2);
  var rows = Files.readAllLines(Path.of(parts[1], "eval.csv")).stream().skip(1)
      .map(l -> l.split(",")).toList();
  double[] x = rows.stream().mapToDouble(r -> Double.parseDouble(r[0])).toArray();
  double[] y = rows.stream().mapToDouble(r -> Double.parseDouble(r[2])).toArray();
  chart.addSeries(parts[0], x, y).setMarker(SeriesMarkers.CIRCLE);
}
BitmapEncoder.saveBitmap(chart, System.getProperty("out"), BitmapEncoder.BitmapFormat.PNG);
/exit
