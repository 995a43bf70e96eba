package dev.dcgan.train.loss;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestTensors;
import dev.dcgan.train.util.Tensors;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/** WGAN-GP's penalty: its value for a linear critic, and its gradient by finite differences. */
class GradientPenaltyTest {
  @Test
  void linearCriticIsPenalisedForItsWeightNormAwayFromOne() {
    // critic(x) = sum(w * x): the gradient is w for every image, so the penalty is (|w| - 1)^2.
    float[] w = {0.5f, -1f, 2f, 0.25f};
    double norm = Math.sqrt(0.25 + 1 + 4 + 0.0625);
    try (var g = new Graph()) {
      Ops tf = Ops.create(g);
      var weights = tf.reshape(tf.constant(w), tf.constant(new long[] {1, 2, 2, 1}));
      var x = tf.random.statelessRandomNormal(tf.constant(new long[] {3, 2, 2, 1}), seed(tf));
      var penalty =
          WassersteinGpLoss.gradientPenalty(
              tf,
              images ->
                  tf.reshape(
                      tf.reduceSum(tf.math.mul(images, weights), tf.constant(new int[] {1, 2, 3})),
                      tf.constant(new long[] {-1, 1})),
              x);
      assertEquals((norm - 1) * (norm - 1), TestTensors.evaluate(penalty)[0], 1e-5);
    }
  }

  /** A tiny critic: a 3x3 stride-2 convolution to 2 maps, LeakyReLU 0.2, a dense logit. */
  private static Operand<TFloat32> critic(
      Ops tf, Operand<TFloat32> images, Operand<TFloat32> kernel, Operand<TFloat32> dense) {
    var h = tf.nn.conv2d(images, kernel, List.of(1L, 2L, 2L, 1L), "SAME");
    var a = tf.nn.leakyRelu(h, LeakyRelu.alpha(0.2f));
    return tf.linalg.matMul(tf.reshape(a, tf.constant(new long[] {-1, 8})), dense);
  }

  @Test
  void penaltyGradientMatchesFiniteDifferences() {
    var random = new Random(5);
    float[] kernel = gaussian(random, 3 * 3 * 2);
    float[] dense = gaussian(random, 8);
    try (var g = new Graph()) {
      Ops tf = Ops.create(g);
      var k = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3, 3, 1, 2)));
      var d = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(8, 1)));
      var x = tf.random.statelessRandomNormal(tf.constant(new long[] {2, 4, 4, 1}), seed(tf));
      var penalty = WassersteinGpLoss.gradientPenalty(tf, images -> critic(tf, images, k, d), x);
      var grads = tf.gradients(penalty, List.of(k, d));
      try (var session = new Session(g)) {
        var analytic = run(session, k, kernel, d, dense, List.of(grads.dy(0), grads.dy(1)));
        assertTrue(norm(analytic[0]) + norm(analytic[1]) > 1e-3, "the penalty has a gradient");
        float h = 1e-2f;
        for (int which = 0; which < 2; which++) {
          float[] w = which == 0 ? kernel : dense;
          for (int i = 0; i < w.length; i++) {
            float keep = w[i];
            w[i] = keep + h;
            double up = run(session, k, kernel, d, dense, List.of(penalty))[0][0];
            w[i] = keep - h;
            double down = run(session, k, kernel, d, dense, List.of(penalty))[0][0];
            w[i] = keep;
            double numeric = (up - down) / (2 * h);
            assertEquals(
                numeric,
                analytic[which][i],
                2e-2 * Math.max(1, Math.abs(numeric)),
                (which == 0 ? "kernel" : "dense") + "[" + i + "]");
          }
        }
      }
    }
  }

  private static float[][] run(
      Session session,
      Placeholder<TFloat32> k,
      float[] kernel,
      Placeholder<TFloat32> d,
      float[] dense,
      List<? extends Operand<TFloat32>> outputs) {
    try (var kt = TFloat32.tensorOf(Shape.of(3, 3, 1, 2), DataBuffers.of(kernel, true, false));
        var dt = Tensors.matrix(column(dense))) {
      return TestTensors.fetch(session.runner().feed(k, kt).feed(d, dt), outputs);
    }
  }

  private static float[][] column(float[] v) {
    var c = new float[v.length][1];
    for (int i = 0; i < v.length; i++) c[i][0] = v[i];
    return c;
  }

  private static float[] gaussian(Random random, int n) {
    var a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (float) random.nextGaussian();
    return a;
  }

  private static double norm(float[] a) {
    double s = 0;
    for (float v : a) s += v * v;
    return Math.sqrt(s);
  }

  private static Operand<org.tensorflow.types.TInt64> seed(Ops tf) {
    return tf.constant(new long[] {1, 2});
  }
}
