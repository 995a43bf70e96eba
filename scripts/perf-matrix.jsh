// Draws docs/performance.md's "cost as the work grows" plot from scripts/perf-matrix.sh's JSON lines
// (XChart and Gson, from the build's lib): images/s (top row) and seconds per epoch of 60000
// images (bottom row) against image size, batch size and threads, one line per architecture,
// program (ours, peer) and precision. Each panel holds the points of its axis and the base point.
//   jshell -R-Djava.awt.headless=true --class-path "dcgan-train/target/lib/*" \
//     -R-Din=perf-matrix.jsonl -R-Dout=docs/performance-cost.png scripts/perf-matrix.jsh
import java.nio.file.*;
import java.util.*;
import com.google.gson.*;
import org.knowm.xchart.*;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

var rows = new ArrayList<JsonObject>();
for (String line : Files.readAllLines(Path.of(System.getProperty("in")))) {
  if (line.isBlank() || !line.trim().startsWith("{")) continue;
  var o = JsonParser.parseString(line).getAsJsonObject();
  if (o.has("images_per_s") && !o.get("images_per_s").isJsonNull()) rows.add(o);
}
if (rows.isEmpty()) throw new IllegalStateException("no measured rows in " + System.getProperty("in"));

String[][] axes = {{"size", "image side (pixels)"}, {"batch", "batch size"}, {"threads", "threads"}};
String[][] measures = {{"images_per_s", "images/s"}, {"seconds_per_epoch", "s per epoch (60000 images)"}};
var charts = new ArrayList<XYChart>();
for (String[] m : measures) {
  for (String[] a : axes) {
    var chart = new XYChartBuilder().width(560).height(400).title(m[1] + " by " + a[1]).xAxisTitle(a[1]).yAxisTitle(m[1]).build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setXAxisLogarithmic(a[0].equals("batch")); // 32 .. 512, doubling
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(10f));
    // one series per architecture (at its base shape), program and precision
    var series = new TreeMap<String, TreeMap<Double, Double>>();
    for (var o : rows) {
      String axis = o.get("axis").getAsString();
      if (!axis.equals(a[0]) && !axis.equals("base")) continue;
      String name = o.get("arch").getAsString() + " x" + o.get("channels").getAsInt()
          + (a[0].equals("size") ? "" : " " + o.get("size").getAsInt() + "px")
          + ", " + o.get("who").getAsString() + ", " + o.get("precision").getAsString();
      series.computeIfAbsent(name, k -> new TreeMap<>()).put(o.get(a[0]).getAsDouble(), o.get(m[0]).getAsDouble());
    }
    for (var e : series.entrySet()) {
      double[] x = e.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
      double[] y = e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
      chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
    }
    if (series.isEmpty()) chart.addSeries("(no points)", new double[] {0}, new double[] {1});
    charts.add(chart);
  }
}
BitmapEncoder.saveBitmap(charts, 2, 3, System.getProperty("out"), BitmapEncoder.BitmapFormat.PNG);
/exit
