package dev.dcgan.train.eval;

/**
 * How many images of a set the classifier puts in each class, and the entropy of that distribution
 * in nats: ln(classes) when every class is equally used, 0 when one class takes all (complete mode
 * collapse).
 *
 * @param counts images per predicted class
 */
public record ClassHistogram(int[] counts) {

  public static ClassHistogram of(int[] predictions, int classes) {
    int[] counts = new int[classes];
    for (int p : predictions) counts[p]++;
    return new ClassHistogram(counts);
  }

  public int total() {
    int t = 0;
    for (int c : counts) t += c;
    return t;
  }

  public double share(int k) {
    return (double) counts[k] / total();
  }

  /** -sum p ln p, in nats. */
  public double entropy() {
    int total = total();
    double h = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / total;
        h -= p * Math.log(p);
      }
    }
    return h;
  }

  /** Entropy over its maximum ln(classes): 1 for a uniform histogram. */
  public double normalizedEntropy() {
    return entropy() / Math.log(counts.length);
  }
}
