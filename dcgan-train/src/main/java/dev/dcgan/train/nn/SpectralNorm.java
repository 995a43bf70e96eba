package dev.dcgan.train.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * Spectral normalisation of a layer's kernel (Miyato et al., 2018): the layer computes with W / σ,
 * σ the largest singular value of W, so that no layer can stretch its input by more than 1 and D
 * stays Lipschitz-bounded without a penalty.
 *
 * <p>W is the paper's (and PyTorch's and StudioGAN's) matrix W_mat of shape [out, k·k·in]: the
 * transpose of the kernel reshaped to [-1, out] (the order of the k·k·in columns does not change
 * the singular values). σ is estimated by power iteration with a persistent unit vector u of length
 * out, the state variable {@code <layer>.sn_u}, which checkpoints with every other variable:
 *
 * <pre>
 *   training, once per step:  v = Wᵀu / ‖Wᵀu‖,  u ← W v / ‖W v‖
 *   both modes:               σ = uᵀ W v  with  v = Wᵀu / ‖Wᵀu‖,  u and v held constant for the gradient
 * </pre>
 *
 * σ is computed from the stored u in both modes, so inference normalises exactly as the last
 * training step did, and the gradient is the paper's, ∂σ/∂W = u vᵀ. (σ = ‖Wᵀu‖ is the paper's
 * estimate ‖W v‖ after one more half-iteration; both approach the largest singular value from
 * below.) Inference reads u and never changes it.
 */
public final class SpectralNorm {
  private static final float EPSILON = 1e-12f; // as tf.math.l2_normalize

  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> u; // [out]
  private final long out;
  private Assign<TFloat32> powerIteration; // u after this step's iteration; built once, shared

  /** Normalises {@code kernel}, whose last axis is the layer's output width. */
  public SpectralNorm(Variables vars, String layer, Variable<TFloat32> kernel) {
    this.kernel = kernel;
    Shape shape = kernel.shape();
    out = shape.get(shape.numDimensions() - 1);
    // A random start: u's length is irrelevant, it is normalised before every use.
    u = vars.state(layer, "sn_u", Shape.of(out), Init.NORMAL_0_02);
  }

  /**
   * W / σ, the kernel the layer computes with. In training, σ uses u after this step's power
   * iteration; every training-mode use in a step shares that one iteration, so u moves once per
   * step however often the layer is applied.
   */
  public Operand<TFloat32> kernel(Ops tf, Mode mode) {
    return tf.math.div(kernel, sigma(tf, mode));
  }

  /** The estimate of the largest singular value of the kernel. */
  public Operand<TFloat32> sigma(Ops tf, Mode mode) {
    // u is a constant for the gradient (the gradient code cannot cross the assign, either).
    var current = tf.stopGradient(mode == Mode.TRAIN ? powerIteration(tf) : u);
    var w = matrixTransposed(tf); // Wᵀ, [k·k·in, out]
    var wtu = tf.linalg.matMul(w, column(tf, unit(tf, current))); // Wᵀu
    var v = tf.stopGradient(unit(tf, wtu));
    // σ = uᵀ W v = (Wᵀu)·v; v is constant, so the gradient with respect to W is u vᵀ.
    return tf.sum(tf.math.mul(wtu, v), tf.constant(new int[] {0, 1}));
  }

  /** The persistent vector, for tests and inspection. */
  public Variable<TFloat32> u() {
    return u;
  }

  /**
   * One power-iteration step that assigns u, built on the first training-mode use and shared by all
   * later ones. It depends on nothing but u and W, whatever the caller's control dependencies.
   */
  private Assign<TFloat32> powerIteration(Ops caller) {
    if (powerIteration == null) {
      Ops tf = caller.withControlDependencies(List.of());
      var w = matrixTransposed(tf);
      var v = unit(tf, tf.linalg.matMul(w, column(tf, unit(tf, u)))); // Wᵀu / ‖Wᵀu‖
      var next = unit(tf, tf.linalg.matMul(w, v, MatMul.transposeA(true))); // W v / ‖W v‖
      powerIteration = tf.assign(u, tf.reshape(next, tf.constant(new long[] {out})));
    }
    return powerIteration;
  }

  private Operand<TFloat32> matrixTransposed(Ops tf) {
    return tf.reshape(kernel, tf.constant(new long[] {-1, out}));
  }

  private static Operand<TFloat32> column(Ops tf, Operand<TFloat32> x) {
    return tf.reshape(x, tf.constant(new long[] {-1, 1}));
  }

  /** x / ‖x‖, as tf.math.l2_normalize. */
  private static Operand<TFloat32> unit(Ops tf, Operand<TFloat32> x) {
    var squares = tf.sum(tf.math.square(x), tf.constant(allAxes(x)));
    return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(squares, tf.constant(EPSILON))));
  }

  private static int[] allAxes(Operand<TFloat32> x) {
    int rank = x.shape().numDimensions();
    var axes = new int[rank];
    for (int i = 0; i < rank; i++) axes[i] = i;
    return axes;
  }
}
