package dev.dcgan.train.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/** Fully connected layer: [N, in] -> [N, out]. */
public final class Dense {
  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> bias; // null without bias
  private final SpectralNorm spectralNorm; // null: the kernel as it is
  private final String name;
  private final long in;
  private final long out;
  private final Precision precision;

  public Dense(Variables vars, String name, long in, long out, Bias bias) {
    this(vars, name, in, out, bias, KernelNorm.NONE);
  }

  /** With {@link KernelNorm#SPECTRAL}, the kernel is divided by its largest singular value. */
  public Dense(Variables vars, String name, long in, long out, Bias bias, KernelNorm kernelNorm) {
    kernel = vars.trainable(name, "kernel", Shape.of(in, out), Init.NORMAL_0_02);
    this.bias =
        bias == Bias.LEARNED ? vars.trainable(name, "bias", Shape.of(out), Init.ZEROS) : null;
    spectralNorm = kernelNorm == KernelNorm.SPECTRAL ? new SpectralNorm(vars, name, kernel) : null;
    this.name = name;
    this.in = in;
    this.out = out;
    precision = vars.precision(name);
  }

  /** Its geometry, for counting its work. */
  public LayerShape shape() {
    return LayerShape.dense(name, in, out);
  }

  /** As in inference: a spectrally normalised kernel is used without a power-iteration step. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    return apply(tf, x, Mode.INFER);
  }

  /** The mode matters only with spectral norm: training takes this step's power iteration. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Mode mode) {
    Operand<TFloat32> w = spectralNorm == null ? kernel : spectralNorm.kernel(tf, mode);
    Operand<TFloat32> y = precision.compute(tf, x, w, Dense::multiply);
    return bias == null ? y : tf.nn.biasAdd(y, bias);
  }

  private static <T extends TNumber> Operand<T> multiply(Ops tf, Operand<T> x, Operand<T> w) {
    return tf.linalg.matMul(x, w);
  }
}
