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
    var steps = new ArrayList<Double>();
    var d = new ArrayList<Double>();
    var g = new ArrayList<Double>();
    for (String line : Files.readAllLines(runDir.resolve("losses.csv"))) {
      if (line.isBlank() || !Character.isDigit(line.charAt(0))) continue;
      String[] f = line.split(",");
      if (f.length < 4) continue; // a row still being written
      steps.add(Double.parseDouble(f[0]));
      d.add(Double.parseDouble(f[2]));
      g.add(Double.parseDouble(f[3]));
    }
    if (steps.isEmpty()) return;
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(400)
            .title("losses")
            .xAxisTitle("step")
            .yAxisTitle("loss")
            .build();
    chart.getStyler().setMarkerSize(0);
    chart.addSeries("D", steps, smooth(d)).setMarker(SeriesMarkers.NONE);
    chart.addSeries("G", steps, smooth(g)).setMarker(SeriesMarkers.NONE);
    byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    AtomicFiles.writeBytes(lossPlot(), png);
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
