package dev.dcgan.train.model;

import dev.dcgan.train.nn.Embedding;
import dev.dcgan.train.nn.Init;
import dev.dcgan.train.nn.KernelNorm;
import dev.dcgan.train.nn.Labels;
import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Variables;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/**
 * The class term of a projection discriminator (Miyato and Koyama, 2018): {@code embed(y) .
 * phi(x)}, the inner product of the label's learned vector with D's last hidden features, added to
 * the unconditional logit. The embedding is {@code <network>.projection.embeddings} [classes,
 * features], spectrally normalised when D's kernels are.
 */
final class Projection implements ClassHead {
  private final Embedding embedding;
  private final long features;

  Projection(Variables vars, long classes, long features, KernelNorm kernels) {
    this.features = features;
    embedding = new Embedding(vars, "projection", classes, features, Init.NORMAL_0_02, kernels);
  }

  /** The unconditional logits [N, 1] plus the class term of {@code hidden}, phi(x) of any shape. */
  @Override
  public Forward apply(
      Ops tf,
      Operand<TFloat32> logits,
      Operand<TFloat32> hidden,
      Labels labels,
      List<Op> updates,
      Mode mode) {
    var y = labels.values("a class-conditional discriminator");
    var phi = tf.reshape(hidden, tf.constant(new long[] {-1, features})); // [N, F]
    var term =
        tf.sum(
            tf.math.mul(embedding.apply(tf, y, mode), phi),
            tf.constant(1),
            Sum.keepDims(true)); // [N, 1]
    return new Forward(tf.math.add(logits, term), updates);
  }

  /** The lookup and the inner product are no multiply-accumulates to speak of. */
  @Override
  public List<LayerShape> layers() {
    return List.of();
  }
}
