package dev.dcgan.train.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TNumber;

/**
 * Transposed ("fractionally strided") convolution, NHWC, "same" padding: [N, H, W, in] -> [N, H*s,
 * W*s, out]. It is the gradient of a convolution with respect to its input, which is how TensorFlow
 * computes it (Conv2DBackpropInput).
 *
 * <p>The output size is computed from {@code tf.shape(x)} at run time, so one graph serves every
 * batch size.
 */
public final class Conv2DTranspose {
  private final Variable<TFloat32> kernel; // [k, k, out, in]: note the order
  private final Variable<TFloat32> bias;
  private final List<Long> strides;
  private final int stride;
  private final int out;
  private final String name;
  private final long in;
  private final int kernelSize;
  private final Precision precision;

  public Conv2DTranspose(
      Variables vars, String name, long in, int out, int kernelSize, int stride, Bias bias) {
    kernel =
        vars.trainable(name, "kernel", Shape.of(kernelSize, kernelSize, out, in), Init.NORMAL_0_02);
    this.bias =
        bias == Bias.LEARNED ? vars.trainable(name, "bias", Shape.of(out), Init.ZEROS) : null;
    strides = List.of(1L, (long) stride, (long) stride, 1L);
    this.stride = stride;
    this.out = out;
    this.name = name;
    this.in = in;
    this.kernelSize = kernelSize;
    precision = vars.precision(name);
  }

  /** Its geometry on an input of {@code height} x {@code width}, for counting its work. */
  public LayerShape shape(int height, int width) {
    return new LayerShape(
        name,
        LayerShape.Kind.CONV_TRANSPOSE,
        height,
        width,
        in,
        out,
        kernelSize,
        stride,
        Padding.SAME);
  }

  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> y = precision.compute(tf, kernel, x, this::deconvolve);
    if (bias != null) y = tf.nn.biasAdd(y, bias);
    // A computed output size leaves the static shape unknown; state it (a free reshape) so that
    // signatures show [-1, H, W, C] and later layers know their sizes.
    Shape in = x.shape();
    if (in.numDimensions() == 4 && in.get(1) > 0 && in.get(2) > 0) {
      y = tf.reshape(y, tf.constant(new long[] {-1, in.get(1) * stride, in.get(2) * stride, out}));
    }
    return y;
  }

  private <T extends TNumber> Operand<T> deconvolve(Ops tf, Operand<T> k, Operand<T> x) {
    // output size = shape(x) * [1, s, s, 0] + [0, 0, 0, out]
    Operand<TInt32> outputSize =
        tf.math.add(
            tf.math.mul(tf.shape(x), tf.constant(new int[] {1, stride, stride, 0})),
            tf.constant(new int[] {0, 0, 0, out}));
    return tf.nn.conv2dBackpropInput(outputSize, k, x, strides, "SAME");
  }
}
