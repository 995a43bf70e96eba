package dev.dcgan.train.cli;

import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.training.StepMetrics;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress on the console. On a terminal: a progress bar per epoch (batches, ETA,
 * images/s, current losses). Elsewhere (CI logs, files): a plain line every {@code logEvery} steps.
 * In both: a line at start, per epoch, per checkpoint.
 */
final class ConsoleReport implements TrainingListener {
  private final PrintStream out;
  private final boolean terminal;
  private final int logEvery;
  private TrainConfig config;
  private int batchesPerEpoch;
  private long totalBatches;
  private long startStep;
  private long startNanos;
  private long batchesDone;
  private ProgressBar bar;

  ConsoleReport(PrintStream out, boolean terminal, int logEvery) {
    this.out = out;
    this.terminal = terminal;
    this.logEvery = logEvery;
  }

  @Override
  public void onNote(String note) {
    out.println("note: " + note);
  }

  @Override
  public void onStart(
      TrainConfig c, ModelSpec spec, Path runDir, long fromStep, int batchesPerEpoch) {
    this.config = c;
    this.batchesPerEpoch = batchesPerEpoch;
    this.totalBatches = (long) batchesPerEpoch * c.run().epochs();
    this.startStep = fromStep;
    this.batchesDone = fromStep * c.optimisation().dStepsPerG();
    this.startNanos = System.nanoTime();
    out.printf(
        Locale.ROOT,
        "%s %s %dx%dx%d: %s, %d epochs of %d batches of %d, seed %d -> %s%n",
        fromStep > 0 ? "resuming at step " + fromStep + "," : "training",
        spec.architecture().id(),
        spec.height(),
        spec.width(),
        spec.channels(),
        c.data().path(),
        c.run().epochs(),
        batchesPerEpoch,
        c.optimisation().batchSize(),
        c.optimisation().seed(),
        runDir);
    out.flush();
  }

  @Override
  public void onStep(long step, int epoch, int batch, StepMetrics m) {
    batchesDone = (long) (epoch - 1) * batchesPerEpoch + batch;
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double batchesPerSecond =
        (step - startStep) * config.optimisation().dStepsPerG() / Math.max(seconds, 1e-9);
    double imagesPerSecond = batchesPerSecond * config.optimisation().batchSize();
    String losses =
        String.format(
            Locale.ROOT,
            "d_loss %.4f  g_loss %.4f  D(x) %.3f  D(G(z)) %.3f",
            m.dLoss(),
            m.gLoss(),
            m.dReal(),
            m.dFake());
    if (terminal) {
      if (bar == null) bar = newBar(epoch);
      bar.stepTo(batch);
      bar.setExtraMessage(String.format(Locale.ROOT, "%s  %.0f img/s", losses, imagesPerSecond));
    } else if (step % logEvery == 0) {
      long etaSeconds = (long) ((totalBatches - batchesDone) / Math.max(batchesPerSecond, 1e-9));
      out.printf(
          Locale.ROOT,
          "step %d  epoch %d  batch %d/%d  %s  %.0f img/s  ETA %s%n",
          step,
          epoch,
          batch,
          batchesPerEpoch,
          losses,
          imagesPerSecond,
          format(Duration.ofSeconds(etaSeconds)));
      out.flush();
    }
  }

  private ProgressBar newBar(int epoch) {
    return new ProgressBarBuilder()
        .setTaskName(String.format("epoch %d/%d", epoch, config.run().epochs()))
        .setInitialMax(batchesPerEpoch)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(out))
        .setUpdateIntervalMillis(250)
        .hideEta()
        .showSpeed()
        .setUnit(" batches", 1)
        .build();
  }

  @Override
  public void onEpoch(EpochSummary s) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    var m = s.mean();
    out.printf(
        Locale.ROOT,
        "epoch %d/%d  step %d  d_loss %.4f  g_loss %.4f  D(x) %.3f  D(G(z)) %.3f  %.0f img/s  %.1f s%n",
        s.epoch(),
        s.epochs(),
        s.step(),
        m.dLoss(),
        m.gLoss(),
        m.dReal(),
        m.dFake(),
        s.imagesPerSecond(),
        s.seconds());
    out.flush();
  }

  @Override
  public void onCheckpoint(Path checkpoint) {
    if (bar == null) {
      out.println("checkpoint " + checkpoint);
      out.flush();
    }
  }

  static String format(Duration d) {
    long h = d.toHours();
    long m = d.toMinutesPart();
    long s = d.toSecondsPart();
    return h > 0
        ? String.format("%dh%02dm", h, m)
        : m > 0 ? String.format("%dm%02ds", m, s) : s + "s";
  }
}
