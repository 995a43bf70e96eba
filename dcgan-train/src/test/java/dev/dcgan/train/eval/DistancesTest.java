package dev.dcgan.train.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Frechet and kernel distances, the classifier score and the class histogram, on numbers with
 * known answers.
 */
class DistancesTest {
  static double[][] gaussian(int n, int d, double shift, double scale, long seed) {
    var rng = new Random(seed);
    var x = new double[n][d];
    for (var row : x) for (int j = 0; j < d; j++) row[j] = shift + scale * rng.nextGaussian();
    return x;
  }

  static double[][] diag(double... v) {
    var m = new double[v.length][v.length];
    for (int i = 0; i < v.length; i++) m[i][i] = v[i];
    return m;
  }

  static double[][] mul(double[][] a, double[][] b) {
    int n = a.length, k = b.length, m = b[0].length;
    var c = new double[n][m];
    for (int i = 0; i < n; i++)
      for (int j = 0; j < m; j++) for (int t = 0; t < k; t++) c[i][j] += a[i][t] * b[t][j];
    return c;
  }

  static double[][] transpose(double[][] a) {
    var t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
    return t;
  }

  @Test
  void statisticsAreTheMeanAndTheUnbiasedCovariance() {
    var s = FeatureStatistics.of(new double[][] {{1, 2}, {3, 6}, {5, 4}});
    assertArrayEquals(new double[] {3, 4}, s.mean(), 1e-12);
    // deviations (-2,-2) (0,2) (2,0): sums of products / (n - 1) = 2
    assertArrayEquals(new double[] {4, 2}, s.covariance()[0], 1e-12);
    assertArrayEquals(new double[] {2, 4}, s.covariance()[1], 1e-12);
    assertEquals(3, s.count());
    assertThrows(
        IllegalArgumentException.class, () -> FeatureStatistics.of(new double[][] {{1, 2}}));
  }

  @Test
  void aSetIsAtDistanceZeroFromItself() {
    var s = FeatureStatistics.of(gaussian(500, 16, 0.5, 2, 1));
    assertEquals(0, FrechetDistance.between(s, s), 1e-8);
  }

  @Test
  void theDistanceIsSymmetric() {
    var a = FeatureStatistics.of(gaussian(400, 12, 0, 1, 2));
    var b = FeatureStatistics.of(gaussian(400, 12, 0.3, 1.5, 3));
    double ab = FrechetDistance.between(a, b);
    double ba = FrechetDistance.between(b, a);
    assertTrue(ab > 0.5, "distinct sets should be apart: " + ab);
    assertEquals(ab, ba, 1e-9 * ab);
  }

  @Test
  void diagonalCovariancesMatchTheClosedForm() {
    // d^2 = |mu1 - mu2|^2 + sum (sqrt(a_i) - sqrt(b_i))^2 for diagonal covariances a, b.
    double[] a = {4, 1, 9, 0.25};
    double[] b = {1, 1, 16, 0};
    var s1 = new FeatureStatistics(new double[] {1, 0, 0, 2}, diag(a), 100);
    var s2 = new FeatureStatistics(new double[] {0, 0, 3, 2}, diag(b), 100);
    double expected = 1 + 9;
    for (int i = 0; i < a.length; i++) expected += Math.pow(Math.sqrt(a[i]) - Math.sqrt(b[i]), 2);
    assertEquals(expected, FrechetDistance.between(s1, s2), 1e-9);
  }

  @Test
  void rotatedCommutingCovariancesMatchTheClosedForm() {
    // S1 = R D1 R^T and S2 = R D2 R^T share eigenvectors: the same answer as for D1 and D2.
    double c = Math.cos(0.7), s = Math.sin(0.7);
    double[][] r = {{c, -s, 0}, {s, c, 0}, {0, 0, 1}};
    double[] d1 = {2, 5, 0.5};
    double[] d2 = {8, 1, 0.5};
    var s1 = new FeatureStatistics(new double[3], mul(mul(r, diag(d1)), transpose(r)), 10);
    var s2 = new FeatureStatistics(new double[3], mul(mul(r, diag(d2)), transpose(r)), 10);
    double expected = 0;
    for (int i = 0; i < 3; i++) expected += Math.pow(Math.sqrt(d1[i]) - Math.sqrt(d2[i]), 2);
    assertEquals(expected, FrechetDistance.between(s1, s2), 1e-9);
  }

  @Test
  void nonCommutingTwoByTwoMatchesTheClosedForm() {
    // For 2x2 M with non-negative eigenvalues: Tr sqrt(M) = sqrt(Tr M + 2 sqrt(det M)).
    double[][] s1 = {{2, 1}, {1, 3}};
    double[][] s2 = {{1, -0.5}, {-0.5, 4}};
    var product = mul(s1, s2);
    double det = (2 * 3 - 1) * (1 * 4 - 0.25);
    double expected = Math.sqrt(product[0][0] + product[1][1] + 2 * Math.sqrt(det));
    assertEquals(expected, FrechetDistance.traceSqrtProduct(s1, s2), 1e-10);
    assertEquals(expected, FrechetDistance.traceSqrtProduct(s2, s1), 1e-10);
  }

  @Test
  void singularCovariancesAreFine() {
    // A feature that never varies (a dead ReLU) leaves the covariance singular.
    var x = gaussian(300, 4, 0, 1, 5);
    for (var row : x) row[2] = 0;
    var a = FeatureStatistics.of(x);
    assertEquals(0, FrechetDistance.between(a, a), 1e-8);
    var b = new FeatureStatistics(new double[4], new double[4][4], 300);
    double expected = 0;
    for (int i = 0; i < 4; i++) expected += a.mean()[i] * a.mean()[i] + a.covariance()[i][i];
    assertEquals(expected, FrechetDistance.between(a, b), 1e-9);
  }

  @Test
  void theKernelDistanceIsTheUnbiasedMmdOfTheCubicKernel() {
    double[][] x = {{1, 0}, {0, 2}, {1, 1}};
    double[][] y = {{0, 0}, {2, 1}, {-1, 1}, {1, 3}};
    double kxx = 0, kyy = 0, kxy = 0;
    for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) if (i != j) kxx += k(x[i], x[j]);
    for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) if (i != j) kyy += k(y[i], y[j]);
    for (var a : x) for (var b : y) kxy += k(a, b);
    double expected = kxx / 6 + kyy / 12 - 2 * kxy / 12;
    var e = KernelDistance.between(x, y);
    assertEquals(expected, e.value(), 1e-12);
    assertTrue(Double.isNaN(e.standardError()), "one block has no standard error");
    assertEquals(expected, KernelDistance.between(y, x).value(), 1e-12);
  }

  static double k(double[] a, double[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) dot += a[i] * b[i];
    return Math.pow(dot / a.length + 1, 3);
  }

  @Test
  void kernelDistanceIsNearZeroForOneDistributionAndLargeForTwo() {
    var real = gaussian(3000, 8, 0, 1, 6);
    var same = gaussian(2000, 8, 0, 1, 7);
    var shifted = gaussian(2000, 8, 1, 1, 8);
    var near = KernelDistance.between(real, same);
    var far = KernelDistance.between(real, shifted);
    assertEquals(3, KernelDistance.blockStarts(3000, 3).length - 1);
    assertTrue(Math.abs(near.value()) < 3 * near.standardError() + 1e-3, near.toString());
    assertTrue(
        far.value() > 50 * Math.abs(near.value()) && far.value() > 10 * far.standardError(),
        far + " vs " + near);
  }

  @Test
  void blocksSplitLikeTfGan() {
    assertArrayEquals(new int[] {0, 3, 6, 10}, KernelDistance.blockStarts(10, 3));
    assertArrayEquals(new int[] {0, 1024, 2048}, KernelDistance.blockStarts(2048, 2));
  }

  @Test
  void classifierScoreSpansOneToTheNumberOfClasses() {
    int k = 10;
    var uncertain = new double[50][k];
    assertEquals(1, ClassifierScore.fromLogits(uncertain), 1e-12);
    var confidentBalanced = new double[50][k];
    for (int i = 0; i < 50; i++) confidentBalanced[i][i % k] = 1000; // huge logits: no overflow
    assertEquals(k, ClassifierScore.fromLogits(confidentBalanced), 1e-9);
    var confidentOneClass = new double[50][k];
    for (var row : confidentOneClass) row[3] = 1000;
    assertEquals(1, ClassifierScore.fromLogits(confidentOneClass), 1e-9);
    var half = new double[50][k];
    for (int i = 0; i < 50; i++) half[i][i % 2] = 1000;
    assertEquals(2, ClassifierScore.fromLogits(half), 1e-9);
  }

  @Test
  void histogramEntropy() {
    var uniform = ClassHistogram.of(new int[] {0, 1, 2, 3, 0, 1, 2, 3}, 4);
    assertArrayEquals(new int[] {2, 2, 2, 2}, uniform.counts());
    assertEquals(Math.log(4), uniform.entropy(), 1e-12);
    assertEquals(1, uniform.normalizedEntropy(), 1e-12);
    var collapsed = ClassHistogram.of(new int[] {2, 2, 2}, 4);
    assertEquals(0, collapsed.entropy(), 1e-12);
    var halves = ClassHistogram.of(new int[] {0, 1}, 4);
    assertEquals(Math.log(2), halves.entropy(), 1e-12);
    assertEquals(0.5, halves.share(1), 1e-12);
  }
}
