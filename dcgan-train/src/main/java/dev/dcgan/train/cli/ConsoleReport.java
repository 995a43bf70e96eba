package dev.dcgan.train.cli;

import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** Training progress on the console: a line at start, one per epoch, one per checkpoint. */
final class ConsoleReport implements TrainingListener {
  private final PrintStream out;

  ConsoleReport(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onNote(String note) {
    out.println("note: " + note);
  }

  @Override
  public void onStart(TrainConfig c, ModelSpec spec, Path runDir, long fromStep, int batchesPerEpoch) {
    out.printf(Locale.ROOT, "%s %s %dx%dx%d: %s, %d epochs of %d batches of %d, seed %d -> %s%n",
        fromStep > 0 ? "resuming at step " + fromStep + "," : "training", spec.architecture().id(), spec.height(),
        spec.width(), spec.channels(), c.data(), c.epochs(), batchesPerEpoch, c.batchSize(), c.seed(), runDir);
  }

  @Override
  public void onEpoch(EpochSummary s) {
    var m = s.mean();
    out.printf(Locale.ROOT, "epoch %d/%d  step %d  d_loss %.4f  g_loss %.4f  D(x) %.3f  D(G(z)) %.3f  %.0f img/s  %.1f s%n",
        s.epoch(), s.epochs(), s.step(), m.dLoss(), m.gLoss(), m.dReal(), m.dFake(), s.imagesPerSecond(), s.seconds());
  }
}
