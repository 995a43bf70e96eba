package dev.dcgan.train.model;

import dev.dcgan.train.nn.Embedding;
import dev.dcgan.train.nn.Init;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Variables;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The class term of a projection discriminator (Miyato and Koyama, 2018): {@code embed(y) .
 * phi(x)}, the inner product of the label's learned vector with D's last hidden features, added to
 * the unconditional logit. The embedding is {@code <network>.projection.embeddings} [classes,
 * features], spectrally normalised when D's kernels are.
 */
final class Projection {
  private final Embedding embedding;
  private final long features;

  Projection(Variables vars, ModelSpec spec, long features, boolean spectralNorm) {
    this.features = features;
    embedding =
        new Embedding(vars, "projection", spec.classes(), features, Init.NORMAL_0_02, spectralNorm);
  }

  /** The unconditional logits [N, 1] plus the class term of {@code hidden}, phi(x) of any shape. */
  Operand<TFloat32> apply(
      Ops tf,
      Operand<TFloat32> logits,
      Operand<TFloat32> hidden,
      Operand<TInt64> labels,
      Mode mode) {
    var phi = tf.reshape(hidden, tf.constant(new long[] {-1, features})); // [N, F]
    var term =
        tf.sum(
            tf.math.mul(embedding.apply(tf, labels, mode), phi),
            tf.constant(1),
            Sum.keepDims(true)); // [N, 1]
    return tf.math.add(logits, term);
  }

  /** An unconditional D's logits as they are; a conditional D's with the class term. */
  static Operand<TFloat32> of(
      Projection projection,
      Ops tf,
      Operand<TFloat32> logits,
      Operand<TFloat32> hidden,
      Operand<TInt64> labels,
      Mode mode) {
    if ((projection == null) != (labels == null))
      throw new IllegalArgumentException(
          projection == null
              ? "an unconditional discriminator takes no labels"
              : "a class-conditional discriminator needs labels");
    return projection == null ? logits : projection.apply(tf, logits, hidden, labels, mode);
  }
}
