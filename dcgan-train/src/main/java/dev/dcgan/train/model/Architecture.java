package dev.dcgan.train.model;

import dev.dcgan.train.ConfigurationException;
import java.util.Locale;

/** A family of generator/discriminator pairs. */
public enum Architecture {
  /**
   * The TensorFlow DCGAN tutorial's networks: 5x5 kernels, LeakyReLU 0.3, dropout in D; sides 4k
   * (28x28).
   */
  TUTORIAL,
  /**
   * The DCGAN paper's family as in pytorch/examples: 4x4 kernels, stride 2, batch norm, ReLU in G,
   * LeakyReLU 0.2 in D, no batch norm on D's input layer; square sides 2^k >= 8 (32x32, 64x64).
   */
  DCGAN;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Architecture parse(String s) {
    for (var a : values()) if (a.id().equals(s.toLowerCase(Locale.ROOT))) return a;
    throw new ConfigurationException("unknown architecture '" + s + "' (known: tutorial, dcgan)");
  }

  /**
   * The family for images of this size when none is named: 28x28 -> tutorial, 32x32 and 64x64 ->
   * dcgan.
   */
  public static Architecture forImageSize(int height, int width) {
    if (height == 28 && width == 28) return TUTORIAL;
    if (height == width && (height == 32 || height == 64)) return DCGAN;
    throw new ConfigurationException(
        "no default architecture for "
            + height
            + "x"
            + width
            + " images: use --image-size 32 or 64 (folders), or name one with --arch");
  }
}
