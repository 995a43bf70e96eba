package dev.dcgan.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** The sweep's results for people: a markdown leaderboard and the metric against each option. */
final class Leaderboard {
  private Leaderboard() {}

  /** Done trials by metric (lowest first), then the failed ones with their reasons. */
  static List<TrialResult> ranked(List<TrialResult> results) {
    var sorted = new ArrayList<>(results);
    sorted.sort(
        Comparator.comparing((TrialResult r) -> !r.done())
            .thenComparingDouble(r -> r.done() ? r.metric() : 0)
            .thenComparing(TrialResult::trial));
    return sorted;
  }

  static String markdown(SweepSpec spec, List<TrialResult> results) {
    var swept = spec.sweptOptions();
    var s = new StringBuilder();
    s.append("# Sweep ").append(spec.name()).append("\n\n");
    s.append(
        String.format(
            Locale.ROOT,
            "%d trials, %d epoch(s) each; metric %s (lower is better).%n%n",
            results.size(),
            spec.epochs(),
            spec.metric()));
    s.append("| rank | trial |");
    swept.forEach(o -> s.append(' ').append(o).append(" |"));
    s.append(' ').append(spec.metric()).append(" | epoch | seconds | attempts | status |\n");
    s.append("|---:|---|").append("---|".repeat(swept.size())).append("---:|---:|---:|---:|---|\n");
    int rank = 0;
    for (var r : ranked(results)) {
      s.append("| ").append(r.done() ? Integer.toString(++rank) : "-").append(" | ");
      s.append(r.trial()).append(" |");
      swept.forEach(o -> s.append(' ').append(r.params().getOrDefault(o, "")).append(" |"));
      s.append(
          String.format(
              Locale.ROOT,
              " %s | %s | %.0f | %d | %s |%n",
              r.done() ? String.format(Locale.ROOT, "%.4f", r.metric()) : "-",
              r.done() ? Integer.toString(r.epoch()) : "-",
              r.seconds(),
              r.attempts(),
              r.done() ? "done" : "failed: " + r.reason().replace("|", "\\|")));
    }
    return s.toString();
  }

  /**
   * {@code metric-vs-<option>.png} for each swept option: the done trials' metric against the
   * option's value; numbers on a numeric axis (logarithmic when they span 100x or more), other
   * values (a loss, say) as categories.
   */
  static List<Path> charts(SweepSpec spec, List<TrialResult> results, Path dir) throws IOException {
    var files = new ArrayList<Path>();
    var done = results.stream().filter(TrialResult::done).toList();
    if (done.isEmpty()) return files;
    for (String option : spec.sweptOptions()) {
      var values = done.stream().map(r -> r.params().get(option)).toList();
      boolean numeric = values.stream().allMatch(Leaderboard::isNumber);
      String title = spec.name() + ": " + spec.metric() + " against " + option;
      String yTitle = spec.metric() + " (lower is better)";
      var chart =
          numeric
              ? numericChart(title, option, yTitle, values, done)
              : categoryChart(title, option, yTitle, values, done);
      Path file = dir.resolve("metric-vs-" + option + ".png");
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
      files.add(file);
    }
    return files;
  }

  private static XYChart numericChart(
      String title, String option, String yTitle, List<String> values, List<TrialResult> done) {
    double[] x = values.stream().mapToDouble(Double::parseDouble).toArray();
    double[] y = done.stream().mapToDouble(TrialResult::metric).toArray();
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(420)
            .title(title)
            .xAxisTitle(option)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setMarkerSize(10);
    double min = java.util.Arrays.stream(x).min().orElse(1);
    double max = java.util.Arrays.stream(x).max().orElse(1);
    chart.getStyler().setXAxisLogarithmic(min > 0 && max / min >= 100);
    chart.addSeries(yTitle, x, y);
    return chart;
  }

  /**
   * One column per value; the i-th trial of each value goes into series i (a gap where a value has
   * fewer trials). XChart's category axis names the columns; an XY axis with a label formatter
   * hangs in XChart 3.8.8's tick search for a few labelled positions.
   */
  private static CategoryChart categoryChart(
      String title, String option, String yTitle, List<String> values, List<TrialResult> done) {
    var categories = values.stream().distinct().sorted().toList();
    var byValue = new java.util.LinkedHashMap<String, List<Double>>();
    for (String c : categories) byValue.put(c, new ArrayList<>());
    for (int i = 0; i < done.size(); i++) byValue.get(values.get(i)).add(done.get(i).metric());
    int rounds = byValue.values().stream().mapToInt(List::size).max().orElse(0);
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(640)
            .height(420)
            .title(title)
            .xAxisTitle(option)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setMarkerSize(10);
    for (int k = 0; k < rounds; k++) {
      int round = k;
      List<Double> y =
          categories.stream()
              .map(c -> round < byValue.get(c).size() ? byValue.get(c).get(round) : null)
              .toList();
      chart.addSeries("trials " + (k + 1), categories, y);
    }
    return chart;
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static void write(Path file, String text) throws IOException {
    Files.writeString(file, text);
  }
}
