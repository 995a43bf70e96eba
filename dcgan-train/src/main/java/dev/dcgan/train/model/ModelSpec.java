package dev.dcgan.train.model;

import dev.dcgan.train.ConfigurationException;
import dev.dcgan.train.nn.Normalisation;
import dev.dcgan.train.nn.Variables;

/**
 * The shape of a GAN: what G draws from, what it draws, and how wide its networks are.
 *
 * @param architecture the network family
 * @param latentSize width of z
 * @param height image height
 * @param width image width
 * @param channels 1 or 3
 * @param ngf G's feature-map width unit (dcgan: the last hidden layer has ngf maps); 0 = 64
 * @param ndf D's feature-map width unit (dcgan: the first layer has ndf maps); 0 = 64
 * @param classes a class-conditional GAN's number of classes (G takes a label, D is a projection
 *     discriminator); 0 for an unconditional one (and in model.json files written before it)
 * @param conditioning how a conditional G takes its label; null for an unconditional one. A
 *     conditional spec read from a model.json written before it is {@link Conditioning#INPUT}
 * @param latentCode the number of values of an unconditional G's categorical latent code (InfoGAN,
 *     Chen et al. 2016; see {@link LatentCode}); 0 for none (and in model.json files written before
 *     it)
 */
public record ModelSpec(
    Architecture architecture,
    int latentSize,
    int height,
    int width,
    int channels,
    int ngf,
    int ndf,
    int classes,
    Conditioning conditioning,
    int latentCode) {

  public static final int DEFAULT_WIDTH = 64;

  public ModelSpec {
    if (classes == 0) conditioning = null;
    else if (conditioning == null) conditioning = Conditioning.INPUT; // model.json before it
    if (ngf == 0) ngf = DEFAULT_WIDTH;
    if (ndf == 0) ndf = DEFAULT_WIDTH;
    if (architecture == null)
      throw new ConfigurationException("no architecture (known: " + Architecture.ids() + ")");
    if (latentSize < 1)
      throw new ConfigurationException("latent size must be >= 1, got " + latentSize);
    if (channels != 1 && channels != 3)
      throw new ConfigurationException("channels must be 1 or 3, got " + channels);
    if (ngf < 1 || ndf < 1)
      throw new ConfigurationException("ngf and ndf must be >= 1, got " + ngf + ", " + ndf);
    LatentCode.requireFits(latentCode, latentSize);
    if (latentCode > 0 && classes > 0)
      throw new ConfigurationException(
          "a class-conditional GAN takes no latent code: G already draws from the classes");
    if (classes == 1 || classes < 0)
      throw new ConfigurationException(
          "a conditional GAN needs at least 2 classes, got " + classes);
    if (!architecture.draws(height, width))
      throw new ConfigurationException(
          "the "
              + architecture.id()
              + " architecture needs "
              + architecture.sizeRule()
              + ", got "
              + height
              + "x"
              + width
              + "; "
              + architecture.sizeHint());
  }

  /** Unconditional. */
  public ModelSpec(
      Architecture architecture,
      int latentSize,
      int height,
      int width,
      int channels,
      int ngf,
      int ndf) {
    this(architecture, latentSize, height, width, channels, ngf, ndf, 0, null, 0);
  }

  /** With the default widths, unconditional. */
  public ModelSpec(Architecture architecture, int latentSize, int height, int width, int channels) {
    this(architecture, latentSize, height, width, channels, DEFAULT_WIDTH, DEFAULT_WIDTH);
  }

  /** The tutorial's MNIST model: 28x28x1. */
  public static ModelSpec mnist(int latentSize) {
    return new ModelSpec(Architecture.TUTORIAL, latentSize, 28, 28, 1);
  }

  /** This GAN with {@code n} classes given to G as {@code c} (0: unconditional). */
  public ModelSpec withClasses(int n, Conditioning c) {
    return new ModelSpec(architecture, latentSize, height, width, channels, ngf, ndf, n, c, 0);
  }

  /** This unconditional GAN with a categorical latent code of {@code k} values (0: none). */
  public ModelSpec withLatentCode(int k) {
    return new ModelSpec(
        architecture, latentSize, height, width, channels, ngf, ndf, classes, conditioning, k);
  }

  /** Whether G draws from a categorical latent code, and D has InfoGAN's Q head to recover it. */
  public boolean coded() {
    return latentCode > 0;
  }

  /** Whether G takes a class label and D is a projection discriminator. */
  public boolean conditional() {
    return classes > 0;
  }

  /**
   * Where G's label comes from: the data set's classes for a conditional GAN, the latent code read
   * off z for a coded one, nowhere otherwise.
   */
  public LabelSource labelSource() {
    if (coded()) return new LabelSource.LatentCodes(new LatentCode(latentCode));
    return conditional() ? new LabelSource.DataLabels(classes) : LabelSource.NONE;
  }

  /**
   * How G's batch norms take its label: conditional batch norm for {@link Conditioning#BATCH_NORM}
   * and for a latent code (its families differ in every block, not in z alone); plain batch norm
   * otherwise, {@link Conditioning#INPUT} included.
   */
  public Normalisation normalisation() {
    boolean perClass = coded() || conditioning == Conditioning.BATCH_NORM;
    return perClass
        ? Normalisation.conditionalBatchNorm(labelSource().classes())
        : Normalisation.BATCH_NORM;
  }

  /**
   * The architecture's G, built with this spec's {@link #labelSource()} and {@link
   * #normalisation()}; a labelled G's embedding is created after G's own variables (which thus
   * start as an unconditional G's would).
   */
  public Generator newGenerator(Variables vars) {
    return architecture.generator(vars, this, labelSource(), normalisation());
  }

  public Discriminator newDiscriminator(Variables vars) {
    return newDiscriminator(vars, CriticOptions.STANDARD);
  }

  public Discriminator newDiscriminator(Variables vars, CriticOptions options) {
    return architecture.discriminator(vars, this, options);
  }
}
