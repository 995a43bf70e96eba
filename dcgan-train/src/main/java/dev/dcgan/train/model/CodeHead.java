package dev.dcgan.train.model;

import dev.dcgan.train.nn.Bias;
import dev.dcgan.train.nn.Dense;
import dev.dcgan.train.nn.KernelNorm;
import dev.dcgan.train.nn.Labels;
import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Variables;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * InfoGAN's Q head (Chen et al. 2016): a linear layer from D's last hidden features to the logits
 * of G's {@link LatentCode}, sharing everything below it with D, as in the paper. Its variables are
 * {@code <network>.code.kernel} and {@code .bias}, spectrally normalised when D's kernels are. D
 * stays unconditional: its logit is untouched, and it takes no labels.
 */
final class CodeHead implements ClassHead {
  private final Dense dense;
  private final long features;

  CodeHead(Variables vars, long values, long features, KernelNorm kernels) {
    this.features = features;
    dense = new Dense(vars, "code", features, values, Bias.LEARNED, kernels);
  }

  /** The logits as they are, and the code logits [N, K] from phi(x) of any shape. */
  @Override
  public Forward apply(
      Ops tf,
      Operand<TFloat32> logits,
      Operand<TFloat32> hidden,
      Labels labels,
      List<Op> updates,
      Mode mode) {
    labels.requireNone("a discriminator with a code head");
    var phi = tf.reshape(hidden, tf.constant(new long[] {-1, features}));
    return new Forward(logits, updates, dense.apply(tf, phi, mode));
  }

  @Override
  public List<LayerShape> layers() {
    return List.of(dense.shape());
  }
}
