package dev.dcgan.train.nn;

/**
 * One weight layer's geometry for one image, as the layer itself describes it ({@link
 * Dense#shape()}, {@link Conv2D#shape}, {@link Conv2DTranspose#shape}), and the
 * multiply-accumulates (MACs) its forward pass does: the analytic count, which charges every kernel
 * tap, and the effective count, which leaves out the taps that land on zero padding (oneDNN skips
 * them).
 *
 * <p>A transposed convolution is the input gradient of the forward convolution that maps its output
 * back to its input (TensorFlow computes it as {@code Conv2DBackpropInput}): each product of a
 * kernel tap with one of its real inputs is one tap of that forward convolution that reads an
 * in-bounds position. So its effective count is the forward convolution's, and the zeros that a
 * stride &gt; 1 inserts between its inputs (the "fractionally strided" view) are never counted.
 *
 * @param name the layer's variable name
 * @param kind dense, convolution or transposed convolution
 * @param inHeight input rows (1 for a dense layer)
 * @param inWidth input columns (1 for a dense layer)
 * @param inChannels input maps (a dense layer's input features)
 * @param outChannels output maps (a dense layer's output features)
 * @param kernel kernel side (1 for a dense layer)
 * @param stride stride (1 for a dense layer)
 * @param padding SAME or VALID (a transposed convolution is always SAME here)
 */
public record LayerShape(
    String name,
    Kind kind,
    int inHeight,
    int inWidth,
    long inChannels,
    long outChannels,
    int kernel,
    int stride,
    Padding padding) {

  /** What the layer computes. */
  public enum Kind {
    DENSE,
    CONV,
    CONV_TRANSPOSE
  }

  public LayerShape {
    if (inHeight < 1 || inWidth < 1 || inChannels < 1 || outChannels < 1 || kernel < 1)
      throw new IllegalArgumentException("empty layer " + name);
    if (stride < 1) throw new IllegalArgumentException("stride must be >= 1 in " + name);
    if (kind == Kind.CONV_TRANSPOSE && padding != Padding.SAME)
      throw new IllegalArgumentException("a transposed convolution here is SAME-padded: " + name);
    if (kind == Kind.CONV && padding == Padding.VALID && (inHeight < kernel || inWidth < kernel))
      throw new IllegalArgumentException("a VALID kernel larger than its input in " + name);
  }

  public static LayerShape dense(String name, long in, long out) {
    return new LayerShape(name, Kind.DENSE, 1, 1, in, out, 1, 1, Padding.VALID);
  }

  /** The rows of the output. */
  public int outHeight() {
    return outSize(inHeight);
  }

  /** The columns of the output. */
  public int outWidth() {
    return outSize(inWidth);
  }

  private int outSize(int in) {
    return switch (kind) {
      case DENSE -> 1;
      case CONV -> padding == Padding.SAME ? ceilDiv(in, stride) : (in - kernel) / stride + 1;
      case CONV_TRANSPOSE -> in * stride;
    };
  }

  /** MACs per image with every kernel tap charged, padding taps included. */
  public long analyticMacs() {
    long channels = inChannels * outChannels;
    return switch (kind) {
      case DENSE -> channels;
      case CONV -> (long) outHeight() * outWidth() * kernel * kernel * channels;
      // each input position is scattered through all k x k taps
      case CONV_TRANSPOSE -> (long) inHeight * inWidth * kernel * kernel * channels;
    };
  }

  /** MACs per image of the taps that multiply a real input, not zero padding. */
  public long effectiveMacs() {
    long channels = inChannels * outChannels;
    return switch (kind) {
      case DENSE -> channels;
      case CONV ->
          realTaps(inHeight, outHeight(), kernel, stride, padding)
              * realTaps(inWidth, outWidth(), kernel, stride, padding)
              * channels;
      // the forward convolution from this layer's output (the larger map) to its input
      case CONV_TRANSPOSE ->
          realTaps(outHeight(), inHeight, kernel, stride, Padding.SAME)
              * realTaps(outWidth(), inWidth, kernel, stride, Padding.SAME)
              * channels;
    };
  }

  /**
   * Along one axis of a convolution from {@code in} to {@code out} positions: the (output position,
   * tap) pairs that read an in-bounds input. A 2-D tap is in bounds when it is on both axes, so the
   * 2-D count is the product of the two axes' counts.
   */
  static long realTaps(int in, int out, int kernel, int stride, Padding padding) {
    // TensorFlow's SAME: the total padding is split with the smaller half before.
    int before = padding == Padding.SAME ? Math.max((out - 1) * stride + kernel - in, 0) / 2 : 0;
    long taps = 0;
    for (int o = 0; o < out; o++) {
      int first = o * stride - before; // input position of tap 0
      int lo = Math.max(0, -first);
      int hi = Math.min(kernel, in - first); // taps [lo, hi) are in bounds
      taps += Math.max(0, hi - lo);
    }
    return taps;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
