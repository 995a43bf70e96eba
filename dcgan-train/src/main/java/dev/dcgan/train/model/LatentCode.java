package dev.dcgan.train.model;

import dev.dcgan.train.ConfigurationException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * InfoGAN's categorical latent code (Chen et al. 2016), read off z rather than fed beside it: c =
 * argmax(z_0, ..., z_{K-1}). The entries of z are independent N(0, 1), so c is uniform over [0, K)
 * and z stays G's only input: the export, the grids and every client draw z as for any
 * unconditional G. G draws a different image family for each c (its batch norms take c), and D's Q
 * head learns to tell c back from the image, so the families separate; on MNIST they become digits,
 * without a label seen.
 *
 * @param values K, at least 2 and at most the width of z
 */
public record LatentCode(int values) {
  public LatentCode {
    if (values < 2) throw new IllegalArgumentException("a latent code needs >= 2 values");
  }

  /**
   * The one rule for a code's size, with the fix: 0 (none) or 2 to the width of z.
   *
   * @throws ConfigurationException otherwise
   */
  public static void requireFits(int values, int latentSize) {
    if (values == 1 || values < 0)
      throw new ConfigurationException(
          "a latent code needs at least 2 values (0: none), got " + values);
    if (values > latentSize)
      throw new ConfigurationException(
          "a latent code of "
              + values
              + " values is read off as many entries of z, and z has "
              + latentSize
              + ": use --latent "
              + values
              + " or more, or --latent-code 0 (none) or at most "
              + latentSize);
  }

  /** c for each row of z [N, latent]: int64 [N] in [0, K). */
  public Operand<TInt64> of(Ops tf, Operand<TFloat32> z) {
    var firstK =
        tf.gather(
            z,
            tf.range(tf.constant(0), tf.constant(values), tf.constant(1)),
            tf.constant(1)); // [N, K]
    return tf.math.argMax(firstK, tf.constant(1), TInt64.class);
  }
}
