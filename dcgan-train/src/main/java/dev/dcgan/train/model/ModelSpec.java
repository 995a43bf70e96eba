package dev.dcgan.train.model;

/**
 * The shape of a GAN: what G draws from and what it draws.
 *
 * @param architecture the network family
 * @param latentSize width of z
 * @param height image height
 * @param width image width
 * @param channels 1 or 3
 */
public record ModelSpec(Architecture architecture, int latentSize, int height, int width, int channels) {

  public ModelSpec {
    if (latentSize < 1) throw new IllegalArgumentException("latent size must be >= 1, got " + latentSize);
    if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    if (height % 4 != 0 || width % 4 != 0 || height < 4 || width < 4) {
      throw new IllegalArgumentException(
          "the " + architecture.id() + " architecture needs image sides divisible by 4, got " + height + "x" + width);
    }
  }

  /** The tutorial's MNIST model: 28x28x1 from a 100-wide z. */
  public static ModelSpec mnist(int latentSize) {
    return new ModelSpec(Architecture.TUTORIAL, latentSize, 28, 28, 1);
  }

  public Generator newGenerator(dev.dcgan.train.nn.Variables vars) {
    return switch (architecture) {
      case TUTORIAL -> new TutorialGenerator(vars, this);
    };
  }

  public Discriminator newDiscriminator(dev.dcgan.train.nn.Variables vars) {
    return switch (architecture) {
      case TUTORIAL -> new TutorialDiscriminator(vars, this);
    };
  }
}
