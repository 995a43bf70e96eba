package dev.dcgan.train.training;

import dev.dcgan.train.loss.GanLoss;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.Conditioning;
import dev.dcgan.train.model.CriticOptions;
import dev.dcgan.train.model.LatentCode;
import dev.dcgan.train.nn.Precision;

/**
 * The networks' shape: the network group of the option table, typed. Frozen once the run starts
 * (the checkpoints hold these variables).
 *
 * @param architecture the network family; null to choose from the image size
 * @param latentSize width of z
 * @param ngf G's width unit (dcgan: the last hidden layer has ngf maps)
 * @param ndf D's width unit (dcgan: the first layer has ndf maps)
 * @param spectralNorm spectrally normalise D's kernels (false in run folders written before it)
 * @param conditional class-conditional: G takes a label, D is a projection discriminator; the data
 *     set must have labels (false in run folders written before it)
 * @param precision what the convolutions and matrix products compute in (weights, optimizer state,
 *     batch norm and the loss are float32 either way); fp32 in run folders written before it. A
 *     resumed run keeps it: the other one would not continue the same arithmetic
 * @param conditioning how a conditional G takes its label (unused by an unconditional one); {@link
 *     Conditioning#INPUT} in run folders written before it
 * @param latentCode an unconditional G's categorical latent code, its number of values (InfoGAN; 0
 *     for none, and in run folders written before it); a conditional G has none (its classes take
 *     the place of the code), so it is 0 there whatever is given
 */
public record NetworkConfig(
    Architecture architecture,
    int latentSize,
    int ngf,
    int ndf,
    boolean spectralNorm,
    boolean conditional,
    Precision precision,
    Conditioning conditioning,
    int latentCode) {
  /** The defaults of the option table. */
  public static final NetworkConfig DEFAULTS = TrainConfig.defaults().network();

  /** Unconditional, float32. */
  public NetworkConfig(
      Architecture architecture, int latentSize, int ngf, int ndf, boolean spectralNorm) {
    this(
        architecture,
        latentSize,
        ngf,
        ndf,
        spectralNorm,
        false,
        Precision.FP32,
        DEFAULTS.conditioning(),
        0);
  }

  public NetworkConfig {
    if (precision == null) precision = Precision.FP32; // a config.json written before it
    if (conditioning == null) conditioning = Conditioning.INPUT; // a config.json before it
    if (latentSize < 1)
      throw new IllegalArgumentException("latent size must be >= 1, got " + latentSize);
    if (ngf < 1 || ndf < 1)
      throw new IllegalArgumentException("ngf and ndf must be >= 1, got " + ngf + ", " + ndf);
    if (conditional) latentCode = 0; // the classes take the code's place
    LatentCode.requireFits(latentCode, latentSize);
  }

  /** How D is built: as {@code loss} needs it, spectrally normalised if asked. */
  public CriticOptions criticOptions(GanLoss loss) {
    return loss.criticOptions().withSpectralNorm(spectralNorm);
  }
}
