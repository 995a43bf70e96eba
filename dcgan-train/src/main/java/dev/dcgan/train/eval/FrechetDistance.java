package dev.dcgan.train.eval;

import dev.dcgan.train.util.Tensors;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.SelfAdjointEig;
import org.tensorflow.types.TFloat64;

/**
 * The Frechet distance between two Gaussians fitted to feature vectors (TF-GAN's {@code
 * frechet_classifier_distance}; FID when the classifier is Inception):
 *
 * <pre>  d^2 = |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))</pre>
 *
 * <p>Tr((S1 S2)^(1/2)) is the sum of the square roots of the eigenvalues of S1 S2, which are those
 * of the symmetric positive semi-definite A = S1^(1/2) S2 S1^(1/2). Both steps are symmetric
 * eigen-decompositions ({@code SelfAdjointEigV2}) done by TensorFlow itself in float64, in a small
 * graph of its own: no other linear-algebra library is needed, and no general (non-symmetric)
 * matrix square root, which is where scipy's {@code sqrtm} picks up imaginary parts. Eigenvalues
 * that rounding leaves slightly negative are clamped to 0.
 */
public final class FrechetDistance {
  private FrechetDistance() {}

  /** The distance between two sets' statistics; 0 for a set and itself, symmetric. */
  public static double between(FeatureStatistics a, FeatureStatistics b) {
    int d = a.dimension();
    if (b.dimension() != d)
      throw new IllegalArgumentException("feature widths differ: " + d + " and " + b.dimension());
    double meanTerm = 0;
    double traces = 0;
    for (int i = 0; i < d; i++) {
      double diff = a.mean()[i] - b.mean()[i];
      meanTerm += diff * diff;
      traces += a.covariance()[i][i] + b.covariance()[i][i];
    }
    double distance = meanTerm + traces - 2 * traceSqrtProduct(a.covariance(), b.covariance());
    // Mathematically >= 0; rounding can leave a set's distance to itself at -1e-12.
    return Math.max(distance, 0);
  }

  /** Tr((S1 S2)^(1/2)) for symmetric positive semi-definite S1, S2. */
  public static double traceSqrtProduct(double[][] s1, double[][] s2) {
    int d = s1.length;
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var p1 = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(d, d)));
      var p2 = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(d, d)));
      var zero = tf.constant(0.0);
      // S1^(1/2) = U diag(sqrt(max(e, 0))) U^T
      var eig = tf.linalg.selfAdjointEig(p1, SelfAdjointEig.computeV(true));
      var rootE = tf.math.sqrt(tf.math.maximum(eig.e(), zero));
      var u = eig.v();
      Operand<TFloat64> sqrtS1 =
          tf.linalg.matMul(
              tf.math.mul(u, rootE), u, org.tensorflow.op.linalg.MatMul.transposeB(true));
      var a = tf.linalg.matMul(tf.linalg.matMul(sqrtS1, p2), sqrtS1);
      var symmetric =
          tf.math.mul(
              tf.math.add(a, tf.linalg.transpose(a, tf.constant(new int[] {1, 0}))),
              tf.constant(0.5));
      var eigA = tf.linalg.selfAdjointEig(symmetric, SelfAdjointEig.computeV(false)).e();
      var trace = tf.reduceSum(tf.math.sqrt(tf.math.maximum(eigA, zero)), tf.constant(0));
      try (var session = new Session(graph);
          TFloat64 t1 = Tensors.matrix(s1);
          TFloat64 t2 = Tensors.matrix(s2);
          Result r = session.runner().feed(p1, t1).feed(p2, t2).fetch(trace).run()) {
        return ((TFloat64) r.get(0)).getDouble();
      }
    }
  }
}
