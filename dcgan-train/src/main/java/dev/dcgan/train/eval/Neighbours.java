package dev.dcgan.train.eval;

import java.util.Arrays;
import java.util.stream.IntStream;

/** Euclidean distances between rows of feature (or pixel) matrices, brute force, in parallel. */
final class Neighbours {
  private Neighbours() {}

  /** |a − b|, as a double; rows of equal length. */
  static double distance(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  /** distances[i][j] = |a_i − b_j|. */
  static double[][] pairwise(double[][] a, double[][] b) {
    var out = new double[a.length][];
    IntStream.range(0, a.length)
        .parallel()
        .forEach(
            i -> {
              var row = new double[b.length];
              for (int j = 0; j < b.length; j++) row[j] = distance(a[i], b[j]);
              out[i] = row;
            });
    return out;
  }

  /**
   * For each row of {@code points}, the distance to its k-th nearest other row (itself excluded, as
   * the prdc package's {@code compute_nearest_neighbour_distances}).
   */
  static double[] kthNearest(double[][] points, int k) {
    if (k < 1 || k >= points.length)
      throw new IllegalArgumentException(
          "k = " + k + " needs more than " + k + " points, got " + points.length);
    var out = new double[points.length];
    IntStream.range(0, points.length)
        .parallel()
        .forEach(
            i -> {
              var d = new double[points.length - 1];
              for (int j = 0, n = 0; j < points.length; j++)
                if (j != i) d[n++] = distance(points[i], points[j]);
              Arrays.sort(d);
              out[i] = d[k - 1];
            });
    return out;
  }

  /** The nearest row of {@code reference} to each query: its index and distance. */
  record Nearest(int[] index, double[] distance) {}

  static Nearest nearest(double[][] queries, double[][] reference) {
    var index = new int[queries.length];
    var distance = new double[queries.length];
    IntStream.range(0, queries.length)
        .parallel()
        .forEach(
            i -> {
              double best = Double.POSITIVE_INFINITY;
              int at = -1;
              for (int j = 0; j < reference.length; j++) {
                double d = distance(queries[i], reference[j]);
                if (d < best) {
                  best = d;
                  at = j;
                }
              }
              index[i] = at;
              distance[i] = best;
            });
    return new Nearest(index, distance);
  }
}
