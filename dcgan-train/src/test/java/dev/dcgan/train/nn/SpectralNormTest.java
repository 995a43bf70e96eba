package dev.dcgan.train.nn;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.util.Tensors;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.Svd;
import org.tensorflow.types.TFloat32;

/** The power iteration against TensorFlow's SVD, on a small conv kernel [3, 3, 2, 4]. */
class SpectralNormTest {
  static final long OUT = 4;

  Graph graph;
  Ops tf;
  Session session;
  Variable<TFloat32> kernel;
  SpectralNorm sn;

  @BeforeEach
  void build() {
    graph = new Graph();
    tf = Ops.create(graph);
    var vars = Variables.initialised(tf, "d", 5);
    kernel = vars.trainable("conv", "kernel", Shape.of(3, 3, 2, OUT), Init.NORMAL_0_02);
    sn = new SpectralNorm(vars, "conv", kernel);
    session = new Session(graph);
  }

  @AfterEach
  void close() {
    session.close();
    graph.close();
  }

  float[] run(Operand<TFloat32> x) {
    try (Result r = session.runner().fetch(x).run()) {
      return Tensors.toArray((TFloat32) r.get(0));
    }
  }

  /** The largest singular value of a kernel viewed as [k·k·in, out], by TensorFlow's SVD. */
  float largestSingularValue(Operand<TFloat32> k) {
    var matrix = tf.reshape(k, tf.constant(new long[] {-1, OUT}));
    return run(tf.max(tf.linalg.svd(matrix, Svd.computeUv(false)).s(), tf.constant(0)))[0];
  }

  @Test
  void theEstimateConvergesToTheLargestSingularValueFromBelow() {
    var sigma = sn.sigma(tf, Mode.TRAIN);
    float truth = largestSingularValue(kernel);
    float first = run(sigma)[0];
    assertTrue(first <= truth * (1 + 1e-5), first + " > " + truth);
    float estimate = first;
    for (int i = 1; i < 30; i++) estimate = run(sigma)[0];
    assertEquals(truth, estimate, truth * 1e-4, "after 30 steps (the first gave " + first + ")");
    assertEquals(estimate, run(sn.sigma(tf, Mode.INFER))[0], 0f, "inference reads the same u");
  }

  @Test
  void theNormalisedKernelHasSpectralNormOne() {
    var normalised = sn.kernel(tf, Mode.TRAIN);
    for (int i = 0; i < 30; i++) run(normalised);
    assertEquals(1f, largestSingularValue(sn.kernel(tf, Mode.INFER)), 1e-4f);
    assertNotEquals(1f, largestSingularValue(kernel), 0.5f, "the raw kernel is far from 1");
  }

  @Test
  void trainingModeMovesUOncePerStepAndInferenceNever() {
    float[] u0 = run(sn.u());
    run(sn.kernel(tf, Mode.INFER));
    assertArrayEquals(u0, run(sn.u()), "inference changed u");

    // Two training-mode uses in one step share one power iteration.
    var first = sn.kernel(tf, Mode.TRAIN);
    var second = sn.kernel(tf, Mode.TRAIN);
    float[] a;
    float[] b;
    try (Result r = session.runner().fetch(first).fetch(second).run()) {
      a = Tensors.toArray((TFloat32) r.get(0));
      b = Tensors.toArray((TFloat32) r.get(1));
    }
    assertArrayEquals(a, b);
    float[] u1 = run(sn.u());
    assertFalse(java.util.Arrays.equals(u0, u1), "training left u as it was");

    // One iteration by hand from u0: v = Wᵀu/‖Wᵀu‖, u = W v/‖W v‖, with Wᵀ the [18, 4] kernel.
    float[] w = run(kernel);
    int n = w.length / (int) OUT;
    double[] u = normalise(toDouble(u0));
    double[] v = new double[n];
    for (int i = 0; i < n; i++) for (int j = 0; j < OUT; j++) v[i] += w[i * (int) OUT + j] * u[j];
    v = normalise(v);
    double[] next = new double[(int) OUT];
    for (int i = 0; i < n; i++)
      for (int j = 0; j < OUT; j++) next[j] += w[i * (int) OUT + j] * v[i];
    next = normalise(next);
    for (int j = 0; j < OUT; j++) assertEquals(next[j], u1[j], 1e-5, "u[" + j + "]");
  }

  @Test
  void theGradientOfSigmaIsUVTransposedWithUAndVHeldConstant() {
    var sigma = sn.sigma(tf, Mode.INFER);
    Operand<TFloat32> grad = tf.gradients(sigma, List.of(kernel)).<TFloat32>dy(0);
    float[] g = run(grad);
    float[] w = run(kernel);
    double[] u = normalise(toDouble(run(sn.u())));
    int n = w.length / (int) OUT;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) for (int j = 0; j < OUT; j++) v[i] += w[i * (int) OUT + j] * u[j];
    v = normalise(v);
    // σ = vᵀ Wᵀ-layout u, so ∂σ/∂kernel[i, j] = v[i] u[j].
    for (int i = 0; i < n; i++)
      for (int j = 0; j < OUT; j++)
        assertEquals(v[i] * u[j], g[i * (int) OUT + j], 1e-5, "gradient at " + i + ", " + j);
  }

  static double[] toDouble(float[] x) {
    var d = new double[x.length];
    for (int i = 0; i < x.length; i++) d[i] = x[i];
    return d;
  }

  static double[] normalise(double[] x) {
    double norm = 0;
    for (double a : x) norm += a * a;
    norm = Math.sqrt(norm);
    var y = new double[x.length];
    for (int i = 0; i < x.length; i++) y[i] = x[i] / norm;
    return y;
  }
}
