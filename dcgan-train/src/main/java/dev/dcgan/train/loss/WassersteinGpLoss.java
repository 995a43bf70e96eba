package dev.dcgan.train.loss;

import static dev.dcgan.train.loss.Reductions.mean;

import dev.dcgan.train.model.CriticOptions;
import dev.dcgan.train.model.GanModel;
import java.util.List;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * WGAN-GP (Gulrajani et al. 2017): the critic D estimates the Wasserstein-1 distance, mean D(G(z))
 * - mean D(x), and is kept 1-Lipschitz by a penalty λ (‖∇D(x̂)‖₂ - 1)² on random interpolates x̂ =
 * εx + (1 - ε)G(z), ε ~ U[0, 1] per image; G maximises mean D(G(z)). The penalty is per image, so
 * the critic has no batch norm. Usually trained with 5 critic updates per G update ({@code
 * --d-steps 5}). D(x) and D(G(z)) in the logs are mean raw critic scores; their difference
 * estimates the distance.
 */
final class WassersteinGpLoss implements CriticLoss {
  /** λ of the paper. */
  static final float PENALTY_WEIGHT = 10f;

  @Override
  public Operand<TFloat32> discriminator(
      Ops tf, Operand<TFloat32> realLogits, Operand<TFloat32> fakeLogits) {
    return tf.math.sub(mean(tf, fakeLogits), mean(tf, realLogits));
  }

  @Override
  public Operand<TFloat32> discriminator(Ops tf, GanModel model) {
    var real = model.real();
    Operand<TInt64> batch = tf.shape.size(real, tf.constant(0L), TInt64.class); // [1]
    var epsilonShape = tf.concat(List.of(batch, tf.constant(new long[] {1, 1, 1})), tf.constant(0));
    var epsilon = tf.random.statelessRandomUniform(epsilonShape, model.seeds().next(tf));
    var interpolates = tf.math.add(real, tf.math.mul(epsilon, tf.math.sub(model.fake(), real)));
    var penalty = gradientPenalty(tf, x -> model.discriminate(tf, x).output(), interpolates);
    return tf.math.add(
        discriminator(tf, model.realScores().output(), model.fakeScores().output()),
        tf.math.mul(tf.constant(PENALTY_WEIGHT), penalty));
  }

  /**
   * mean over images of (‖∇ₓ critic(x)‖₂ - 1)², differentiable with respect to the critic's
   * weights. The gradient is of the critic's scores summed (each image's score depends on its own
   * image only), seeded with a constant 1 through {@code Gradients.dx}: the default seed, {@code
   * OnesLike} of the scores, has no gradient, which the second differentiation would need.
   */
  static Operand<TFloat32> gradientPenalty(
      Ops tf, UnaryOperator<Operand<TFloat32>> critic, Operand<TFloat32> x) {
    var scores = tf.reduceSum(critic.apply(x), tf.constant(new int[] {0, 1}));
    var gradient =
        tf.gradients(scores, List.of(x), Gradients.dx(List.of(tf.constant(1f)))).<TFloat32>dy(0);
    // A tiny constant under the root keeps its gradient finite where a gradient is exactly 0.
    var norm =
        tf.math.sqrt(
            tf.math.add(
                tf.reduceSum(tf.math.square(gradient), tf.constant(new int[] {1, 2, 3})),
                tf.constant(1e-12f)));
    return tf.math.mean(tf.math.square(tf.math.sub(norm, tf.constant(1f))), tf.constant(0));
  }

  @Override
  public CriticOptions criticOptions() {
    return new CriticOptions(false, false);
  }
}
