package dev.dcgan.train.monitor;

import com.madgag.gif.fmsware.AnimatedGifEncoder;
import dev.dcgan.train.training.TrainingListener;
import dev.dcgan.train.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Pictures of a run, redrawn after every epoch: {@code samples.gif}, the per-epoch grids as an
 * animation, and {@code losses.png}, the loss curves from {@code losses.csv}. Both are rebuilt from
 * the run folder's files, so a resumed run's pictures cover the whole run.
 */
public final class RunPictures implements TrainingListener {
  static {
    // ImageIO's default file cache registers a JVM shutdown hook on first use, which throws
    // "Shutdown in progress" when the first loss plot is drawn after Ctrl-C or SIGTERM (the stop
    // path finishes the epoch); these pictures are small, so cache them in memory.
    ImageIO.setUseCache(false);
  }

  private final Path runDir;

  public RunPictures(Path runDir) {
    this.runDir = runDir;
  }

  @Override
  public void onEpoch(EpochSummary s) {
    try {
      writeGif();
      writeLossPlot();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw the run's pictures in " + runDir, e);
    }
  }

  public Path gif() {
    return runDir.resolve("samples.gif");
  }

  public Path lossPlot() {
    return runDir.resolve("losses.png");
  }

  void writeGif() throws IOException {
    List<Path> grids;
    try (Stream<Path> s = Files.list(runDir.resolve("samples"))) {
      grids =
          s.filter(p -> p.getFileName().toString().matches("epoch-\\d+\\.png")).sorted().toList();
    }
    var bytes = new ByteArrayOutputStream();
    var gif = new AnimatedGifEncoder();
    gif.start(bytes);
    gif.setRepeat(0);
    gif.setDelay(500);
    for (Path grid : grids) {
      BufferedImage image = ImageIO.read(grid.toFile());
      var rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
      rgb.getGraphics().drawImage(image, 0, 0, null);
      gif.addFrame(rgb);
    }
    gif.finish();
    AtomicFiles.writeBytes(gif(), bytes.toByteArray());
  }

  void writeLossPlot() throws IOException {
    var losses = Losses.read(runDir.resolve("losses.csv"));
    if (losses.steps().isEmpty()) return;
    byte[] png = BitmapEncoder.getBitmapBytes(chart(losses), BitmapEncoder.BitmapFormat.PNG);
    AtomicFiles.writeBytes(lossPlot(), png);
  }

  /** The columns of losses.csv that the plot shows. */
  record Losses(List<Double> steps, List<Double> d, List<Double> g) {
    static Losses read(Path csv) throws IOException {
      var losses = new Losses(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      for (String line : Files.readAllLines(csv)) {
        if (line.isBlank() || !Character.isDigit(line.charAt(0))) continue;
        String[] f = line.split(",");
        if (f.length < 4) continue; // a row still being written
        losses.steps().add(Double.parseDouble(f[0]));
        losses.d().add(Double.parseDouble(f[2]));
        losses.g().add(Double.parseDouble(f[3]));
      }
      return losses;
    }
  }

  /**
   * The plot shows at most this many points, each the mean of consecutive smoothed rows: an
   * 800-pixel-wide plot cannot show more, and XChart, which puts the ticks of equally spaced steps
   * on data points, searches for their spacing in time that grows with the point count.
   */
  static final int MAX_POINTS = 400;

  static XYChart chart(Losses losses) {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(400)
            .title("losses")
            .xAxisTitle("step")
            .yAxisTitle("loss")
            .build();
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setxAxisTickLabelsFormattingFunction(RunPictures::stepLabel);
    int every = Math.max(1, (losses.steps().size() + MAX_POINTS - 1) / MAX_POINTS);
    var steps = lastOfEach(losses.steps(), every);
    chart
        .addSeries("D", steps, meanOfEach(smooth(losses.d()), every))
        .setMarker(SeriesMarkers.NONE);
    chart
        .addSeries("G", steps, meanOfEach(smooth(losses.g()), every))
        .setMarker(SeriesMarkers.NONE);
    return chart;
  }

  /** A step as a short tick label: 950, 12k, 2.5M. */
  static String stepLabel(double step) {
    double magnitude = Math.abs(step);
    if (magnitude < 1e3) return String.format(Locale.ROOT, "%.0f", step);
    if (magnitude < 1e6) return compact(step / 1e3) + "k";
    return compact(step / 1e6) + "M";
  }

  private static String compact(double v) {
    String s = String.format(Locale.ROOT, "%.1f", v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  private static List<Double> lastOfEach(List<Double> v, int every) {
    var out = new ArrayList<Double>();
    for (int end = Math.min(every, v.size()); ; end = Math.min(end + every, v.size())) {
      out.add(v.get(end - 1));
      if (end == v.size()) return out;
    }
  }

  private static List<Double> meanOfEach(List<Double> v, int every) {
    var out = new ArrayList<Double>();
    for (int start = 0; start < v.size(); start += every) {
      int end = Math.min(start + every, v.size());
      double sum = 0;
      for (int i = start; i < end; i++) sum += v.get(i);
      out.add(sum / (end - start));
    }
    return out;
  }

  /** Moving average over ~1% of the points: per-step GAN losses are too noisy to read raw. */
  static List<Double> smooth(List<Double> v) {
    int window = Math.max(1, v.size() / 100);
    var out = new ArrayList<Double>(v.size());
    double sum = 0;
    for (int i = 0; i < v.size(); i++) {
      sum += v.get(i);
      if (i >= window) sum -= v.get(i - window);
      out.add(sum / Math.min(i + 1, window));
    }
    return out;
  }
}
