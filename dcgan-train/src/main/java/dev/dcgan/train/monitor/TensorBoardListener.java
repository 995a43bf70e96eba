package dev.dcgan.train.monitor;

import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.training.StepMetrics;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.TrainingListener;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes what TensorBoard users expect into the run folder ({@code tensorboard --logdir runs/}):
 * scalars every {@code summaryEvery} steps (losses, D(x), D(G(z)), images/s, learning rates) and
 * the fixed-noise grid as an image after every epoch. The events file is opened when training
 * starts, so nothing is written to a run folder whose lock the trainer could not take.
 */
public final class TensorBoardListener implements TrainingListener, AutoCloseable {
  private final Path runDir;
  private final int every;
  private final int batchSize;
  private EventWriter events; // from onStart on
  private TrainConfig config;
  private long lastStep = -1;
  private long lastNanos;

  public TensorBoardListener(Path runDir, int every, int batchSize) {
    this.runDir = runDir;
    this.every = every;
    this.batchSize = batchSize;
  }

  @Override
  public void onStart(
      TrainConfig config, ModelSpec spec, Path runDir, long fromStep, int batchesPerEpoch) {
    if (events == null) events = new EventWriter(this.runDir);
    this.config = config;
    lastStep = fromStep;
    lastNanos = System.nanoTime();
  }

  @Override
  public void onStep(long step, int epoch, int batch, StepMetrics m) {
    if (step % every != 0) return;
    long now = System.nanoTime();
    double imagesPerSecond =
        (step - lastStep)
            * (double) batchSize
            * config.optimisation().dStepsPerG()
            / ((now - lastNanos) / 1e9);
    lastStep = step;
    lastNanos = now;
    events.scalar("loss/d", step, m.dLoss());
    events.scalar("loss/g", step, m.gLoss());
    events.scalar("d/real", step, m.dReal());
    events.scalar("d/fake", step, m.dFake());
    events.scalar("speed/images_per_sec", step, (float) imagesPerSecond);
    events.scalar("lr/d", step, config.optimisation().dAdam().learningRate());
    events.scalar("lr/g", step, config.optimisation().gAdam().learningRate());
    if (m.augment() != null) {
      events.scalar("augment/p", step, m.augment().p());
      events.scalar("augment/r_t", step, m.augment().rt());
    }
  }

  @Override
  public void onEpoch(EpochSummary s) {
    try {
      BufferedImage grid = ImageIO.read(s.samples().toFile());
      int w = grid.getWidth();
      int h = grid.getHeight();
      boolean gray = grid.getColorModel().getNumColorComponents() == 1;
      int c = gray ? 1 : 3;
      var hwc = new byte[h * w * c];
      int[] rgb = grid.getRGB(0, 0, w, h, null, 0, w);
      for (int p = 0; p < rgb.length; p++) {
        for (int k = 0; k < c; k++) hwc[p * c + k] = (byte) (rgb[p] >> (16 - 8 * k));
      }
      events.image("samples", s.step(), hwc, h, w, c);
      events.scalar("epoch/images_per_sec", s.step(), (float) s.imagesPerSecond());
      events.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sample grid " + s.samples(), e);
    }
  }

  /** One more scalar (an evaluation's), written with the next flush. */
  public void scalar(String tag, long step, float value) {
    events.scalar(tag, step, value);
  }

  @Override
  public void onCheckpoint(Path checkpoint) {
    events.flush(); // what a checkpoint covers is on disk too
  }

  @Override
  public void close() {
    if (events != null) events.close();
  }
}
