package dev.dcgan.train.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A learned vector per class: int64 labels [N] -> rows [N, width] of a [classes, width] matrix. The
 * lookup is a Gather, so a label outside [0, classes) fails in the graph rather than reading
 * another class's row.
 */
public final class Embedding {
  private final Variable<TFloat32> embeddings; // [classes, width]
  private final SpectralNorm spectralNorm; // null: the matrix as it is

  /**
   * @param kernelNorm {@link KernelNorm#SPECTRAL}: divide the matrix by its largest singular value,
   *     as Miyato and Koyama's projection discriminator does with its class embedding under
   *     spectral norm
   */
  public Embedding(
      Variables vars, String name, long classes, long width, Init init, KernelNorm kernelNorm) {
    embeddings = vars.trainable(name, "embeddings", Shape.of(classes, width), init);
    spectralNorm =
        kernelNorm == KernelNorm.SPECTRAL ? new SpectralNorm(vars, name, embeddings) : null;
  }

  /** The rows of {@code labels}; the mode matters only with spectral norm (power iteration). */
  public Operand<TFloat32> apply(Ops tf, Operand<TInt64> labels, Mode mode) {
    Operand<TFloat32> w = spectralNorm == null ? embeddings : spectralNorm.kernel(tf, mode);
    return tf.gather(w, labels, tf.constant(0));
  }
}
