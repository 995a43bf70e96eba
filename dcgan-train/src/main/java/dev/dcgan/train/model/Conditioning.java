package dev.dcgan.train.model;

import dev.dcgan.train.ConfigurationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a class-conditional G receives its label. */
public enum Conditioning {
  /**
   * At the input only: {@code G(z * embed(y))}, as PyTorch-GAN's AC-GAN generator. What run folders
   * and models written before {@link #BATCH_NORM} existed use.
   */
  INPUT,
  /**
   * At the input and in every batch norm of G: conditional batch norm (de Vries et al. 2017; the
   * generator of Miyato and Koyama's projection cGAN and of BigGAN). Each batch norm normalises
   * with the batch's statistics as before, then scales and shifts by its class's own rows,
   *
   * <pre>
   *   y = gamma[label] * (x - mean) / sqrt(var + eps) + beta[label]     gamma, beta: [classes, C]
   * </pre>
   *
   * so every block of G, not only the first, knows which class it draws.
   */
  BATCH_NORM;

  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** "input, batch-norm": for help texts and error messages. */
  public static String ids() {
    return Arrays.stream(values()).map(Conditioning::id).collect(Collectors.joining(", "));
  }

  public static Conditioning parse(String s) {
    for (var c : values()) if (c.id().equals(s.toLowerCase(Locale.ROOT))) return c;
    throw new ConfigurationException("unknown conditioning '" + s + "' (known: " + ids() + ")");
  }
}
