package dev.dcgan.train.training;

import dev.dcgan.train.loss.LossType;

/**
 * How the networks learn: the optimisation group of the option table, typed. Frozen once the run
 * starts, so a resumed run continues the same optimisation exactly.
 *
 * @param loss the GAN objective
 * @param batchSize real images per D update
 * @param dAdam D's optimizer
 * @param gAdam G's optimizer
 * @param dStepsPerG D updates per G update (k in Goodfellow et al.; 5 for wasserstein-gp)
 * @param seed fixes weights, data order, z and dropout
 * @param ema decay of the EMA of G's weights that grids, evaluation and export use; 0: none, G's
 *     own weights (and in run folders written before it)
 * @param lrDecay both learning rates fall linearly to 0 between two epochs; null: constant (and in
 *     run folders written before it)
 */
public record OptimisationConfig(
    LossType loss,
    int batchSize,
    AdamConfig dAdam,
    AdamConfig gAdam,
    int dStepsPerG,
    long seed,
    float ema,
    LearningRateDecay lrDecay) {
  /**
   * The defaults of the option table: the measured best recipe (docs/evaluation.md, "Which
   * recipe?"): batch 32 gives four times the updates of batch 128 per epoch at the same images/s,
   * and the EMA of 0.999 pulls ahead of G's own weights; together they won on MNIST and
   * Fashion-MNIST.
   */
  public static final OptimisationConfig DEFAULTS = TrainConfig.defaults().optimisation();

  /** The factor of both learning rates before the update on this batch: 1 without a decay. */
  public float learningRateFactor(int epoch, int batch, int batchesPerEpoch) {
    return lrDecay == null ? 1f : lrDecay.factor(epoch, batch, batchesPerEpoch);
  }

  public OptimisationConfig {
    if (loss == null) throw new IllegalArgumentException("a loss must be named");
    if (dAdam == null || gAdam == null)
      throw new IllegalArgumentException("both optimizers must be set");
    if (batchSize < 1)
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    if (dStepsPerG < 1)
      throw new IllegalArgumentException("D steps per G step must be >= 1, got " + dStepsPerG);
    if (!(ema >= 0f && ema < 1f))
      throw new IllegalArgumentException("the EMA decay must be in [0, 1) (0: off), got " + ema);
  }
}
