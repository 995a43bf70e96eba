package dev.dcgan.train.model;

/**
 * How D is built beyond its architecture, as the loss and the network configuration need it.
 *
 * @param batchNorm batch normalisation between D's hidden layers; off for a critic whose loss
 *     penalises per-example gradients (WGAN-GP), since batch norm mixes the examples of a batch
 * @param spectralNorm every kernel of D divided by its largest singular value (Miyato et al. 2018,
 *     {@link dev.dcgan.train.nn.SpectralNorm}); batch norm then gives way to biases (see {@link
 *     DcganDiscriminator})
 */
public record CriticOptions(boolean batchNorm, boolean spectralNorm) {
  /** D as its architecture describes it. */
  public static final CriticOptions STANDARD = new CriticOptions(true, false);

  /** These options, with spectral norm on or off. */
  public CriticOptions withSpectralNorm(boolean on) {
    return new CriticOptions(batchNorm, on);
  }
}
