package dev.dcgan.train.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * Strided convolution, NHWC: [N, H, W, in] -> [N, H/s, W/s, out] with "same" padding, or [N,
 * (H-k)/s+1, ...] with "valid" padding.
 */
public final class Conv2D {
  private final Variable<TFloat32> kernel; // [k, k, in, out]
  private final Variable<TFloat32> bias;
  private final List<Long> strides;
  private final String padding;
  private final SpectralNorm spectralNorm; // null: the kernel as it is
  private final String name;
  private final long in;
  private final long out;
  private final int kernelSize;
  private final int stride;
  private final Padding paddingKind;
  private final Precision precision;

  public Conv2D(
      Variables vars,
      String name,
      long in,
      long out,
      int kernelSize,
      int stride,
      Padding padding,
      Bias bias) {
    this(vars, name, in, out, kernelSize, stride, padding, bias, KernelNorm.NONE);
  }

  /** With {@link KernelNorm#SPECTRAL}, the kernel is divided by its largest singular value. */
  public Conv2D(
      Variables vars,
      String name,
      long in,
      long out,
      int kernelSize,
      int stride,
      Padding padding,
      Bias bias,
      KernelNorm kernelNorm) {
    kernel =
        vars.trainable(name, "kernel", Shape.of(kernelSize, kernelSize, in, out), Init.NORMAL_0_02);
    this.bias =
        bias == Bias.LEARNED ? vars.trainable(name, "bias", Shape.of(out), Init.ZEROS) : null;
    strides = List.of(1L, (long) stride, (long) stride, 1L);
    this.padding = padding.tfName();
    this.name = name;
    this.in = in;
    this.out = out;
    this.kernelSize = kernelSize;
    this.stride = stride;
    this.paddingKind = padding;
    spectralNorm = kernelNorm == KernelNorm.SPECTRAL ? new SpectralNorm(vars, name, kernel) : null;
    precision = vars.precision(name);
  }

  /** Its geometry on an input of {@code height} x {@code width}, for counting its work. */
  public LayerShape shape(int height, int width) {
    return new LayerShape(
        name, LayerShape.Kind.CONV, height, width, in, out, kernelSize, stride, paddingKind);
  }

  /** As in inference: a spectrally normalised kernel is used without a power-iteration step. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    return apply(tf, x, Mode.INFER);
  }

  /** The mode matters only with spectral norm: training takes this step's power iteration. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Mode mode) {
    Operand<TFloat32> w = spectralNorm == null ? kernel : spectralNorm.kernel(tf, mode);
    Operand<TFloat32> y = precision.compute(tf, x, w, this::convolve);
    return bias == null ? y : tf.nn.biasAdd(y, bias);
  }

  private <T extends TNumber> Operand<T> convolve(Ops tf, Operand<T> x, Operand<T> w) {
    return tf.nn.conv2d(x, w, strides, padding);
  }
}
