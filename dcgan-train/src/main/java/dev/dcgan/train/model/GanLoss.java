package dev.dcgan.train.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The non-saturating GAN loss of Goodfellow et al., on logits.
 *
 * <p>D minimises -log D(x) - log(1 - D(G(z))); G minimises -log D(G(z)) (not log(1 - D(G(z))),
 * whose gradient vanishes while D wins). Each term is a sigmoid cross-entropy, computed in the
 * stable form max(l, 0) - l*y + log(1 + exp(-|l|)), which never takes the log of 0.
 */
public final class GanLoss {
  private GanLoss() {}

  /** Mean sigmoid cross-entropy of logits against a constant label (0 or 1). */
  public static Operand<TFloat32> sigmoidCrossEntropy(
      Ops tf, Operand<TFloat32> logits, float label) {
    var positivePart = tf.nn.relu(logits);
    var softplusOfMinusAbs = tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits))));
    var perExample =
        tf.math.add(
            tf.math.sub(positivePart, tf.math.mul(logits, tf.constant(label))), softplusOfMinusAbs);
    return mean(tf, perExample);
  }

  /** D's loss: real images should score 1, generated ones 0. */
  public static Operand<TFloat32> discriminator(
      Ops tf, Operand<TFloat32> realLogits, Operand<TFloat32> fakeLogits) {
    return tf.math.add(
        sigmoidCrossEntropy(tf, realLogits, 1f), sigmoidCrossEntropy(tf, fakeLogits, 0f));
  }

  /** G's loss: generated images should score 1. */
  public static Operand<TFloat32> generator(Ops tf, Operand<TFloat32> fakeLogits) {
    return sigmoidCrossEntropy(tf, fakeLogits, 1f);
  }

  /** Mean of sigmoid(logits): the average probability D gives to "real". */
  public static Operand<TFloat32> meanProbability(Ops tf, Operand<TFloat32> logits) {
    return mean(tf, tf.math.sigmoid(logits));
  }

  private static Operand<TFloat32> mean(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(x, tf.constant(new int[] {0, 1}));
  }
}
