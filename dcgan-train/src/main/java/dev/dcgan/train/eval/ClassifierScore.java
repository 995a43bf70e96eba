package dev.dcgan.train.eval;

/**
 * The classifier score (TF-GAN's {@code classifier_score_from_logits}; the Inception Score when the
 * classifier is Inception): exp(E_x KL(p(y|x) || p(y))), with p(y) the mean of p(y|x) over the set.
 * It is high when each image is classified confidently and the classes are used evenly: at most the
 * number of classes, at least 1. Computed in float64 over the whole set at once.
 */
public final class ClassifierScore {
  private ClassifierScore() {}

  public static double fromLogits(double[][] logits) {
    int n = logits.length;
    if (n < 1) throw new IllegalArgumentException("no logits");
    int k = logits[0].length;
    double[][] logP = new double[n][];
    double[] marginal = new double[k];
    for (int i = 0; i < n; i++) {
      logP[i] = logSoftmax(logits[i]);
      for (int c = 0; c < k; c++) marginal[c] += Math.exp(logP[i][c]) / n;
    }
    double klSum = 0;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        double p = Math.exp(logP[i][c]);
        if (p > 0) klSum += p * (logP[i][c] - Math.log(marginal[c]));
      }
    }
    return Math.exp(klSum / n);
  }

  /** log softmax, shifted by the maximum so no exp overflows. */
  static double[] logSoftmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) max = Math.max(max, l);
    double sum = 0;
    for (double l : logits) sum += Math.exp(l - max);
    double logSum = max + Math.log(sum);
    double[] out = new double[logits.length];
    for (int c = 0; c < logits.length; c++) out[c] = logits[c] - logSum;
    return out;
  }
}
