package dev.dcgan.train.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The per-example terms the losses share, each averaged over a batch of logits [N, 1]. */
final class Reductions {
  private Reductions() {}

  static Operand<TFloat32> mean(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(x, tf.constant(new int[] {0, 1}));
  }

  /**
   * Mean sigmoid cross-entropy of logits against a constant label (0 or 1), in the stable form
   * max(l, 0) - l*y + log(1 + exp(-|l|)), which never takes the log of 0.
   */
  static Operand<TFloat32> sigmoidCrossEntropy(Ops tf, Operand<TFloat32> logits, float label) {
    var positivePart = tf.nn.relu(logits);
    var softplusOfMinusAbs = tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits))));
    var perExample =
        tf.math.add(
            tf.math.sub(positivePart, tf.math.mul(logits, tf.constant(label))), softplusOfMinusAbs);
    return mean(tf, perExample);
  }
}
