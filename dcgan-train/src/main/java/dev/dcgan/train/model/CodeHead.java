package dev.dcgan.train.model;

import dev.dcgan.train.nn.Dense;
import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Variables;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * InfoGAN's Q head (Chen et al. 2016): a linear layer from D's last hidden features to the logits
 * of G's {@link LatentCode}, sharing everything below it with D, as in the paper. Its variables are
 * {@code <network>.code.kernel} and {@code .bias}, spectrally normalised when D's kernels are.
 */
final class CodeHead {
  private final Dense dense;
  private final long features;

  CodeHead(Variables vars, ModelSpec spec, long features, boolean spectralNorm) {
    this.features = features;
    dense = new Dense(vars, "code", features, spec.latentCode(), true, spectralNorm);
  }

  /** The head of a spec with a latent code; null without one. */
  static CodeHead of(Variables vars, ModelSpec spec, long features, boolean spectralNorm) {
    return spec.coded() ? new CodeHead(vars, spec, features, spectralNorm) : null;
  }

  /** Logits [N, K] from phi(x) of any shape. */
  Operand<TFloat32> apply(Ops tf, Operand<TFloat32> hidden, Mode mode) {
    return dense.apply(tf, tf.reshape(hidden, tf.constant(new long[] {-1, features})), mode);
  }

  LayerShape shape() {
    return dense.shape();
  }
}
