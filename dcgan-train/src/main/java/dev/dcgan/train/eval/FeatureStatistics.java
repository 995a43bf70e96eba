package dev.dcgan.train.eval;

/**
 * The mean and covariance of a set of feature vectors, in float64: what the Frechet distance
 * compares. The covariance is the unbiased one (divided by n - 1), as TF-GAN's.
 *
 * @param mean [d]
 * @param covariance [d][d], symmetric
 * @param count how many vectors
 */
public record FeatureStatistics(double[] mean, double[][] covariance, int count) {

  public static FeatureStatistics of(double[][] features) {
    int n = features.length;
    if (n < 2)
      throw new IllegalArgumentException("statistics need at least 2 feature vectors, got " + n);
    int d = features[0].length;
    double[] mean = new double[d];
    for (double[] row : features) {
      if (row.length != d)
        throw new IllegalArgumentException("feature vectors of widths " + d + " and " + row.length);
      for (int j = 0; j < d; j++) mean[j] += row[j];
    }
    for (int j = 0; j < d; j++) mean[j] /= n;
    // Upper triangle of sum (x - mean)(x - mean)^T, mirrored.
    double[][] cov = new double[d][d];
    double[] c = new double[d];
    for (double[] row : features) {
      for (int j = 0; j < d; j++) c[j] = row[j] - mean[j];
      for (int i = 0; i < d; i++) {
        double ci = c[i];
        if (ci == 0) continue;
        double[] covRow = cov[i];
        for (int j = i; j < d; j++) covRow[j] += ci * c[j];
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        cov[i][j] /= n - 1;
        cov[j][i] = cov[i][j];
      }
    }
    return new FeatureStatistics(mean, cov, n);
  }

  public int dimension() {
    return mean.length;
  }
}
