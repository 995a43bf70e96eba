package dev.dcgan.train.loss;

import static dev.dcgan.train.loss.Reductions.sigmoidCrossEntropy;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The non-saturating GAN loss of Goodfellow et al. (2014): D minimises -log D(x) - log(1 -
 * D(G(z))); G minimises -log D(G(z)) (not log(1 - D(G(z))), whose gradient vanishes while D wins).
 */
final class NonSaturatingLoss implements GanLoss {
  @Override
  public Operand<TFloat32> discriminator(
      Ops tf, Operand<TFloat32> realLogits, Operand<TFloat32> fakeLogits) {
    return tf.math.add(
        sigmoidCrossEntropy(tf, realLogits, 1f), sigmoidCrossEntropy(tf, fakeLogits, 0f));
  }

  @Override
  public Operand<TFloat32> generator(Ops tf, Operand<TFloat32> fakeLogits) {
    return sigmoidCrossEntropy(tf, fakeLogits, 1f);
  }
}
