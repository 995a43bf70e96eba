package dev.dcgan.train.model;

import dev.dcgan.train.ConfigurationException;
import dev.dcgan.train.nn.KernelNorm;
import dev.dcgan.train.nn.Normalisation;
import dev.dcgan.train.nn.Variables;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A family of generator/discriminator pairs: its two factories, the image sizes it can draw, and
 * the sizes it is the default for. A new family is one constant here plus its two network classes;
 * each is conditioned by what it is handed ({@link LabelSource}, the normalisation), not by classes
 * of its own.
 */
public enum Architecture {
  /**
   * The TensorFlow DCGAN tutorial's networks: 5x5 kernels, LeakyReLU 0.3, dropout in D; sides 4k
   * (28x28).
   */
  TUTORIAL(
      "image sides divisible by 4",
      "use --arch dcgan for 32x32 or 64x64, or --image-size 28 (folders, fake)") {
    @Override
    boolean draws(int height, int width) {
      return height >= 4 && width >= 4 && height % 4 == 0 && width % 4 == 0;
    }

    @Override
    boolean isDefaultFor(int height, int width) {
      return height == 28 && width == 28;
    }

    @Override
    Generator generator(
        Variables vars, ModelSpec spec, LabelSource labels, Normalisation normalisation) {
      return new TutorialGenerator(vars, spec, labels, normalisation);
    }

    @Override
    Discriminator discriminator(Variables vars, ModelSpec spec, CriticOptions options) {
      // No batch norm to leave out.
      return new TutorialDiscriminator(vars, spec, KernelNorm.spectralIf(options.spectralNorm()));
    }
  },
  /**
   * The DCGAN paper's family as in pytorch/examples: 4x4 kernels, stride 2, batch norm, ReLU in G,
   * LeakyReLU 0.2 in D, no batch norm on D's input layer; square sides 2^k >= 8 (32x32, 64x64).
   */
  DCGAN(
      "square images with a power-of-two side >= 8 (32, 64)",
      "use --arch tutorial for these, or --image-size 32 or 64 (folders, fake)") {
    @Override
    boolean draws(int height, int width) {
      return height == width && height >= 8 && Integer.bitCount(height) == 1;
    }

    @Override
    boolean isDefaultFor(int height, int width) {
      return height == width && (height == 32 || height == 64);
    }

    @Override
    Generator generator(
        Variables vars, ModelSpec spec, LabelSource labels, Normalisation normalisation) {
      return new DcganGenerator(vars, spec, labels, normalisation);
    }

    @Override
    Discriminator discriminator(Variables vars, ModelSpec spec, CriticOptions options) {
      return new DcganDiscriminator(vars, spec, options);
    }
  };

  private final String sizeRule;
  private final String sizeHint;

  Architecture(String sizeRule, String sizeHint) {
    this.sizeRule = sizeRule;
    this.sizeHint = sizeHint;
  }

  /** Whether the family can draw images of this size. */
  abstract boolean draws(int height, int width);

  /** Whether the family is the one chosen for this size when none is named. */
  abstract boolean isDefaultFor(int height, int width);

  /** This family's G, conditioned as {@code labels} and {@code normalisation} say. */
  abstract Generator generator(
      Variables vars, ModelSpec spec, LabelSource labels, Normalisation normalisation);

  abstract Discriminator discriminator(Variables vars, ModelSpec spec, CriticOptions options);

  /** What {@link #draws} accepts, in words. */
  public String sizeRule() {
    return sizeRule;
  }

  /** What to change when the family cannot draw the images: another family or another size. */
  public String sizeHint() {
    return sizeHint;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** "tutorial, dcgan": for help texts and error messages. */
  public static String ids() {
    return Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", "));
  }

  public static Architecture parse(String s) {
    for (var a : values()) if (a.id().equals(s.toLowerCase(Locale.ROOT))) return a;
    throw new ConfigurationException("unknown architecture '" + s + "' (known: " + ids() + ")");
  }

  /** The family for images of this size when none is named (28x28: tutorial; 32, 64: dcgan). */
  public static Architecture forImageSize(int height, int width) {
    for (var a : values()) if (a.isDefaultFor(height, width)) return a;
    throw new ConfigurationException(
        "no default architecture for "
            + height
            + "x"
            + width
            + " images: use --image-size 32 or 64 (folders), or name one with --arch");
  }
}
