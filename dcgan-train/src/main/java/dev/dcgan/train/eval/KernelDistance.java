package dev.dcgan.train.eval;

import dev.dcgan.train.util.Tensors;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat64;

/**
 * Kernel classifier distance (TF-GAN's {@code kernel_classifier_distance_and_std}; KID when the
 * classifier is Inception): the unbiased estimate of the squared maximum mean discrepancy with the
 * cubic polynomial kernel k(x, y) = (x.y / d + 1)^3. As in TF-GAN, both sets are split into the
 * same number of blocks of at most {@value #MAX_BLOCK_SIZE} (the larger set decides), the estimate
 * is the mean over blocks, and its standard error is the blocks' standard deviation over
 * sqrt(blocks). Unlike the Frechet distance it is unbiased: small sets do not inflate it, and it
 * can come out slightly negative.
 *
 * <p>The kernel matrices are computed by TensorFlow in float64.
 */
public final class KernelDistance {
  private KernelDistance() {}

  public static final int MAX_BLOCK_SIZE = 1024;

  /** The estimate and its standard error (NaN with a single block). */
  public record Estimate(double value, double standardError) {}

  public static Estimate between(double[][] real, double[][] generated) {
    int nr = real.length;
    int ng = generated.length;
    if (nr < 2 || ng < 2)
      throw new IllegalArgumentException(
          "the kernel distance needs at least 2 vectors a set, got " + nr + " and " + ng);
    int d = real[0].length;
    if (generated[0].length != d)
      throw new IllegalArgumentException(
          "feature widths differ: " + d + " and " + generated[0].length);
    // TF-GAN's split; capped so that no block holds fewer than 2 vectors of either set.
    int blocks =
        Math.min((Math.max(nr, ng) + MAX_BLOCK_SIZE - 1) / MAX_BLOCK_SIZE, Math.min(nr, ng) / 2);
    int[] startsR = blockStarts(nr, blocks);
    int[] startsG = blockStarts(ng, blocks);
    double[] estimates = new double[blocks];
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var x = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(-1, d)));
      var y = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(-1, d)));
      var sums =
          new Operand<?>[] {
            offDiagonalSum(tf, x, d),
            offDiagonalSum(tf, y, d),
            tf.reduceSum(kernel(tf, x, y, d), tf.constant(new int[] {0, 1}))
          };
      try (var session = new Session(graph)) {
        for (int b = 0; b < blocks; b++) {
          int m = startsR[b + 1] - startsR[b];
          int n = startsG[b + 1] - startsG[b];
          try (TFloat64 r =
                  Tensors.matrix(java.util.Arrays.copyOfRange(real, startsR[b], startsR[b + 1]));
              TFloat64 g =
                  Tensors.matrix(
                      java.util.Arrays.copyOfRange(generated, startsG[b], startsG[b + 1]));
              Result out =
                  session
                      .runner()
                      .feed(x, r)
                      .feed(y, g)
                      .fetch(sums[0])
                      .fetch(sums[1])
                      .fetch(sums[2])
                      .run()) {
            double kxx = ((TFloat64) out.get(0)).getDouble();
            double kyy = ((TFloat64) out.get(1)).getDouble();
            double kxy = ((TFloat64) out.get(2)).getDouble();
            estimates[b] =
                kxx / ((double) m * (m - 1))
                    + kyy / ((double) n * (n - 1))
                    - 2 * kxy / ((double) m * n);
          }
        }
      }
    }
    double mean = 0;
    for (double e : estimates) mean += e;
    mean /= blocks;
    double variance = 0;
    for (double e : estimates) variance += (e - mean) * (e - mean);
    double standardError = blocks > 1 ? Math.sqrt(variance / (blocks - 1) / blocks) : Double.NaN;
    return new Estimate(mean, standardError);
  }

  /**
   * TF-GAN's block boundaries: the first blocks hold n / blocks, the last (n % blocks) one more.
   */
  static int[] blockStarts(int n, int blocks) {
    int base = n / blocks;
    int bigger = n - base * blocks;
    int[] starts = new int[blocks + 1];
    for (int b = 0; b < blocks; b++)
      starts[b + 1] = starts[b] + base + (b >= blocks - bigger ? 1 : 0);
    return starts;
  }

  /** (a b^T / d + 1)^3 */
  private static Operand<TFloat64> kernel(Ops tf, Operand<TFloat64> a, Operand<TFloat64> b, int d) {
    var dot = tf.linalg.matMul(a, b, MatMul.transposeB(true));
    return tf.math.pow(
        tf.math.add(tf.math.div(dot, tf.constant((double) d)), tf.constant(1.0)), tf.constant(3.0));
  }

  /** Sum of k(a_i, a_j) over i != j: the whole matrix less its diagonal (|a_i|^2 / d + 1)^3. */
  private static Operand<TFloat64> offDiagonalSum(Ops tf, Operand<TFloat64> a, int d) {
    var all = tf.reduceSum(kernel(tf, a, a, d), tf.constant(new int[] {0, 1}));
    var norms = tf.reduceSum(tf.math.mul(a, a), tf.constant(1));
    var diagonal =
        tf.math.pow(
            tf.math.add(tf.math.div(norms, tf.constant((double) d)), tf.constant(1.0)),
            tf.constant(3.0));
    return tf.math.sub(all, tf.reduceSum(diagonal, tf.constant(0)));
  }
}
