package dev.dcgan.train.loss;

import static dev.dcgan.train.loss.Reductions.mean;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The hinge loss of SNGAN and BigGAN (Lim and Ye 2017; Miyato et al. 2018): D minimises mean(relu(1
 * - D(x))) + mean(relu(1 + D(G(z)))), a margin of 1 on each side; G maximises D(G(z)). D(x) and
 * D(G(z)) in the logs are mean raw critic scores (beyond +1 and -1 D is satisfied).
 */
final class HingeLoss implements CriticLoss {
  @Override
  public Operand<TFloat32> discriminator(
      Ops tf, Operand<TFloat32> realLogits, Operand<TFloat32> fakeLogits) {
    var one = tf.constant(1f);
    return tf.math.add(
        mean(tf, tf.nn.relu(tf.math.sub(one, realLogits))),
        mean(tf, tf.nn.relu(tf.math.add(one, fakeLogits))));
  }
}
