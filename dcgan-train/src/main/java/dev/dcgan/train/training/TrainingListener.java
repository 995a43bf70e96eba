package dev.dcgan.train.training;

import java.nio.file.Path;

/** What a training run reports as it goes; every method has a do-nothing default. */
public interface TrainingListener {
  /** Before the first step; {@code fromStep} > 0 when resuming. */
  default void onStart(
      TrainConfig config,
      dev.dcgan.train.model.ModelSpec spec,
      Path runDir,
      long fromStep,
      int batchesPerEpoch) {}

  /** Something the user should know (files a loader skipped, say). */
  default void onNote(String note) {}

  /** After every G update. */
  default void onStep(long step, int epoch, int batch, StepMetrics metrics) {}

  default void onEpoch(EpochSummary summary) {}

  default void onCheckpoint(Path checkpoint) {}

  /**
   * One epoch in numbers.
   *
   * @param epoch 1-based
   * @param mean step metrics averaged over the epoch
   * @param imagesPerSecond real images through D per second of training
   * @param samples the fixed-noise grid written after the epoch
   * @param generator G as it is after the epoch, for listeners that draw more (an evaluation)
   */
  record EpochSummary(
      int epoch,
      int epochs,
      long step,
      StepMetrics mean,
      double imagesPerSecond,
      double seconds,
      Path samples,
      SampleSource generator) {}

  /** G(z) in inference mode: z [N][latent] -> NHWC pixels in [0, 1]. */
  @FunctionalInterface
  interface SampleSource {
    float[] draw(float[][] z);
  }
}
