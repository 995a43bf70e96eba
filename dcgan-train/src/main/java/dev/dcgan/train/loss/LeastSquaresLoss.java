package dev.dcgan.train.loss;

import static dev.dcgan.train.loss.Reductions.mean;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * LSGAN (Mao et al. 2017, the 0-1-1 coding): D's raw output is regressed to 1 for real images and 0
 * for fakes, G pushes its fakes' scores to 1. D(x) and D(G(z)) in the logs are mean raw scores,
 * which D pulls towards 1 and 0.
 */
final class LeastSquaresLoss implements GanLoss {
  @Override
  public Operand<TFloat32> discriminator(
      Ops tf, Operand<TFloat32> realLogits, Operand<TFloat32> fakeLogits) {
    return tf.math.add(halfSquaredError(tf, realLogits, 1f), halfSquaredError(tf, fakeLogits, 0f));
  }

  @Override
  public Operand<TFloat32> generator(Ops tf, Operand<TFloat32> fakeLogits) {
    return halfSquaredError(tf, fakeLogits, 1f);
  }

  @Override
  public Operand<TFloat32> meanScore(Ops tf, Operand<TFloat32> logits) {
    return mean(tf, logits);
  }

  /** mean(0.5 (s - target)^2). */
  private static Operand<TFloat32> halfSquaredError(
      Ops tf, Operand<TFloat32> scores, float target) {
    var error = tf.math.sub(scores, tf.constant(target));
    return tf.math.mul(tf.constant(0.5f), mean(tf, tf.math.square(error)));
  }
}
