package dev.dcgan.train.training;

import dev.dcgan.train.loss.GanLoss;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.CriticOptions;
import dev.dcgan.train.model.ModelSpec;

/**
 * The networks' shape. Frozen once the run starts (the checkpoints hold these variables).
 *
 * @param architecture the network family; null to choose from the image size
 * @param latentSize width of z
 * @param ngf G's width unit (dcgan: the last hidden layer has ngf maps)
 * @param ndf D's width unit (dcgan: the first layer has ndf maps)
 * @param spectralNorm spectrally normalise D's kernels (false in run folders written before it)
 */
public record NetworkConfig(
    Architecture architecture, int latentSize, int ngf, int ndf, boolean spectralNorm) {
  public static final NetworkConfig DEFAULTS =
      new NetworkConfig(null, 100, ModelSpec.DEFAULT_WIDTH, ModelSpec.DEFAULT_WIDTH, false);

  public NetworkConfig {
    if (latentSize < 1)
      throw new IllegalArgumentException("latent size must be >= 1, got " + latentSize);
    if (ngf < 1 || ndf < 1)
      throw new IllegalArgumentException("ngf and ndf must be >= 1, got " + ngf + ", " + ndf);
  }

  /** The GAN for images of this shape: the named architecture, or the default for the size. */
  public ModelSpec modelSpec(int height, int width, int channels) {
    var arch = architecture != null ? architecture : Architecture.forImageSize(height, width);
    return new ModelSpec(arch, latentSize, height, width, channels, ngf, ndf);
  }

  /** How D is built: as {@code loss} needs it, spectrally normalised if asked. */
  public CriticOptions criticOptions(GanLoss loss) {
    return loss.criticOptions().withSpectralNorm(spectralNorm);
  }
}
