package dev.dcgan.train.loss;

import static dev.dcgan.train.loss.Reductions.mean;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A loss whose D is a critic, not a classifier: its raw scores are what count, so G maximises mean
 * D(G(z)) and the logs show mean raw scores rather than probabilities.
 */
interface CriticLoss extends GanLoss {
  @Override
  default Operand<TFloat32> generator(Ops tf, Operand<TFloat32> fakeLogits) {
    return tf.math.neg(mean(tf, fakeLogits));
  }

  @Override
  default Operand<TFloat32> meanScore(Ops tf, Operand<TFloat32> logits) {
    return mean(tf, logits);
  }
}
