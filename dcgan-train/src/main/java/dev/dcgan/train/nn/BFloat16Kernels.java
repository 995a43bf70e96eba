package dev.dcgan.train.nn;

import dev.dcgan.train.util.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Whether this machine's TensorFlow computes each layer right in bfloat16: the layer runs once on
 * random inputs in bfloat16 and once in float32 (its forward pass and, for training, the gradients
 * of its input and of its kernel, the three products of a training step), and the two must agree to
 * bfloat16's precision.
 *
 * <p>Why measure rather than trust: TensorFlow 2.18's oneDNN (v3.5) computes some bfloat16
 * convolutions wrongly on an AVX512_BF16 CPU, by shape. A convolution that reads 3 channels (D's
 * input layer on colour images, and the input gradient of G's output layer) returns values off by
 * half their size and at times NaN, reading past its channels; the input gradient of a convolution
 * with one output (the dcgan D's logit) is zero in every channel but the first; odd widths ({@code
 * --ngf 50}, {@code --ndf 33}) break others. The float32 kernels, and TensorFlow's Eigen kernels
 * ({@code TF_ENABLE_ONEDNN_OPTS=0}), are right. Which shapes fail depends on the CPU and the oneDNN
 * version, so this asks the kernels at hand.
 */
public final class BFloat16Kernels {
  /**
   * The largest disagreement ({@link #disagreement}) of a layer computed right. bfloat16 keeps 8
   * significant bits: measured, oneDNN's right kernels (float32 accumulation) agree to 0.2%, and
   * Eigen's bfloat16 gradients ({@code TF_ENABLE_ONEDNN_OPTS=0}, bfloat16 accumulation) to 2.5%;
   * the wrong kernels above were off by 12% to 100% or more, or not finite.
   */
  public static final double TOLERANCE = 0.05;

  private static final long SEED = 1;

  private BFloat16Kernels() {}

  /** The products of one layer in a training step. */
  public enum Pass {
    FORWARD("forward pass"),
    INPUT_GRADIENT("input gradient"),
    KERNEL_GRADIENT("kernel gradient");

    private final String words;

    Pass(String words) {
      this.words = words;
    }
  }

  /**
   * A layer whose bfloat16 {@code pass} is off from float32 by {@code error} ({@link
   * #disagreement}; NaN when the bfloat16 values are not all finite).
   */
  public record Disagreement(LayerShape layer, Pass pass, double error) {
    /** E.g. "forward pass off by 62%", "input gradient not finite". */
    public String describe() {
      return pass.words
          + (Double.isNaN(error)
              ? " not finite"
              : String.format(Locale.ROOT, " off by %.0f%%", 100 * error));
    }
  }

  /**
   * The passes of {@code layers} that bfloat16 computes wrongly here, at batch size {@code batch}:
   * the forward passes, and with {@code gradients} the two gradients too.
   */
  public static List<Disagreement> check(List<LayerShape> layers, int batch, boolean gradients) {
    if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    var found = new ArrayList<Disagreement>();
    for (var layer : layers) found.addAll(check(layer, batch, gradients));
    return found;
  }

  private static List<Disagreement> check(LayerShape layer, int batch, boolean gradients) {
    try (var graph = new Graph();
        var session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Shape in = inputShape(layer, batch);
      Shape out = outputShape(layer, batch);
      var x = tf.placeholder(TFloat32.class, Placeholder.shape(in));
      var dy = tf.placeholder(TFloat32.class, Placeholder.shape(out));
      // Both start from the same kernel: the same seed and creation index.
      var bf16Vars = Variables.initialised(tf, "bf16", SEED).computingIn(Precision.BF16);
      var bf16 = passes(tf, bf16Vars, layer, x, dy, gradients);
      var fp32 = passes(tf, Variables.initialised(tf, "fp32", SEED), layer, x, dy, gradients);
      session.initialize();
      var found = new ArrayList<Disagreement>();
      try (var xs = gaussian(in, SEED);
          var dys = gaussian(out, SEED + 1)) {
        var runner = session.runner().feed(x, xs).feed(dy, dys);
        bf16.forEach(runner::fetch);
        fp32.forEach(runner::fetch);
        try (var result = runner.run()) {
          for (int i = 0; i < bf16.size(); i++) {
            double error =
                disagreement(
                    Tensors.toArray((TFloat32) result.get(i)),
                    Tensors.toArray((TFloat32) result.get(bf16.size() + i)));
            if (!(error <= TOLERANCE)) found.add(new Disagreement(layer, Pass.values()[i], error));
          }
        }
      }
      return found;
    }
  }

  /**
   * The layer's output, and with {@code gradients} the gradients of its input and its kernel for
   * the output gradient {@code dy}, in the order of {@link Pass}.
   */
  private static List<Operand<TFloat32>> passes(
      Ops tf,
      Variables vars,
      LayerShape layer,
      Operand<TFloat32> x,
      Operand<TFloat32> dy,
      boolean gradients) {
    Operand<TFloat32> y = build(vars, layer).apply(tf, x);
    if (!gradients) return List.of(y);
    var kernel = vars.trainable().get(0);
    var g = tf.gradients(y, List.of(x, kernel), Gradients.dx(List.of(dy)));
    return List.of(y, g.dy(0), g.dy(1));
  }

  private interface Layer {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x);
  }

  /** The project's own layer of this geometry, without bias: the products training runs. */
  private static Layer build(Variables vars, LayerShape s) {
    return switch (s.kind()) {
      case DENSE -> new Dense(vars, s.name(), s.inChannels(), s.outChannels(), Bias.NONE)::apply;
      case CONV ->
          new Conv2D(
                  vars,
                  s.name(),
                  s.inChannels(),
                  s.outChannels(),
                  s.kernel(),
                  s.stride(),
                  s.padding(),
                  Bias.NONE)
              ::apply;
      case CONV_TRANSPOSE ->
          new Conv2DTranspose(
                  vars,
                  s.name(),
                  s.inChannels(),
                  Math.toIntExact(s.outChannels()),
                  s.kernel(),
                  s.stride(),
                  Bias.NONE)
              ::apply;
    };
  }

  private static Shape inputShape(LayerShape s, int batch) {
    return s.kind() == LayerShape.Kind.DENSE
        ? Shape.of(batch, s.inChannels())
        : Shape.of(batch, s.inHeight(), s.inWidth(), s.inChannels());
  }

  private static Shape outputShape(LayerShape s, int batch) {
    return s.kind() == LayerShape.Kind.DENSE
        ? Shape.of(batch, s.outChannels())
        : Shape.of(batch, s.outHeight(), s.outWidth(), s.outChannels());
  }

  private static TFloat32 gaussian(Shape shape, long seed) {
    var random = new Random(seed);
    var values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian();
    return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
  }

  /**
   * How far {@code bf16} is from {@code fp32}: the root-mean-square difference against the float32
   * values' root mean square (0.01 for values all 1% too large); NaN if a bfloat16 value is not
   * finite.
   */
  static double disagreement(float[] bf16, float[] fp32) {
    if (bf16.length != fp32.length)
      throw new IllegalArgumentException(bf16.length + " values against " + fp32.length);
    double off = 0;
    double size = 0;
    for (int i = 0; i < bf16.length; i++) {
      if (!Float.isFinite(bf16[i])) return Double.NaN;
      double d = (double) bf16[i] - fp32[i];
      off += d * d;
      size += (double) fp32[i] * fp32[i];
    }
    return off == 0 ? 0 : Math.sqrt(off / size);
  }
}
