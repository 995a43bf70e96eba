package dev.dcgan.train.model;

/**
 * How D is built beyond its architecture, as the loss (and later regularisers) need it.
 *
 * @param batchNorm batch normalisation between D's hidden layers; off for a critic whose loss
 *     penalises per-example gradients (WGAN-GP), since batch norm mixes the examples of a batch
 */
public record CriticOptions(boolean batchNorm) {
  /** D as its architecture describes it. */
  public static final CriticOptions STANDARD = new CriticOptions(true);
}
