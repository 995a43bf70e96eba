package dev.dcgan.train.bench;

import dev.dcgan.train.util.SessionOptions;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The machine's float32 matrix-multiply rate through TensorFlow (the same oneDNN kernels and
 * threads as training): the yardstick for "how close to the machine's limit".
 */
public final class MatmulPeak {
  private MatmulPeak() {}

  /** GFLOP/s of an n x n by n x n MatMul, best of {@code reps} timed runs after a warm-up. */
  public static double gflops(SessionOptions options, int n, int reps) {
    try (var g = new Graph()) {
      Ops tf = Ops.create(g);
      Ops init = tf.withInitScope();
      var shape = init.constant(new long[] {n, n});
      var a =
          tf.variable(init.random.statelessRandomNormal(shape, init.constant(new long[] {1, 2})));
      var b =
          tf.variable(init.random.statelessRandomNormal(shape, init.constant(new long[] {3, 4})));
      // Reduce to a scalar so the fetch costs nothing; the MatMul is what is timed.
      var product = tf.math.mean(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
      try (Session s = options.newSession(g)) {
        run(s, product);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
          long t0 = System.nanoTime();
          run(s, product);
          best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return 2.0 * n * n * n / best / 1e9;
      }
    }
  }

  private static void run(Session s, org.tensorflow.Operand<TFloat32> x) {
    s.runner().fetch(x).run().close();
  }
}
