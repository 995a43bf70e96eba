package dev.dcgan.train.loss;

import static dev.dcgan.train.loss.Reductions.sigmoidCrossEntropy;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The original minimax game of Goodfellow et al. (2014): D as in the non-saturating loss, G
 * minimises log(1 - D(G(z))), whose gradient vanishes while D rejects the fakes confidently. Kept
 * for comparison; the non-saturating loss is the one to train with.
 */
final class MinimaxLoss implements GanLoss {
  private final GanLoss nonSaturating = new NonSaturatingLoss();

  /** The two games differ only in G's loss. */
  @Override
  public Operand<TFloat32> discriminator(
      Ops tf, Operand<TFloat32> realLogits, Operand<TFloat32> fakeLogits) {
    return nonSaturating.discriminator(tf, realLogits, fakeLogits);
  }

  /** log(1 - sigmoid(l)) = -softplus(l) = -(cross-entropy against label 0). */
  @Override
  public Operand<TFloat32> generator(Ops tf, Operand<TFloat32> fakeLogits) {
    return tf.math.neg(sigmoidCrossEntropy(tf, fakeLogits, 0f));
  }
}
