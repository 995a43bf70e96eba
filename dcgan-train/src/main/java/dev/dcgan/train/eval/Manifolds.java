package dev.dcgan.train.eval;

/**
 * Fidelity and diversity as separate numbers, from k-nearest-neighbour balls in the classifier's
 * feature space, computed as the prdc package (Naeem et al.) and StudioGAN compute them:
 *
 * <ul>
 *   <li>precision (Kynkäänniemi et al. 2019, k = 3): the share of generated images inside some real
 *       image's ball (radius: its distance to its k-th nearest real neighbour). Low: images off the
 *       data.
 *   <li>recall (k = 3): the share of real images inside some generated image's ball. Low: parts of
 *       the data never drawn (mode dropping).
 *   <li>density (Naeem et al. 2020, k = 5): real balls containing a generated image, counted and
 *       averaged, over k; about 1 when generated images are spread as real ones are, above 1 when
 *       they crowd where real images are dense. Less fooled by real outliers than precision.
 *   <li>coverage (k = 5): the share of real images whose ball holds a generated image.
 * </ul>
 *
 * Balls are open (strictly inside), as in prdc.
 */
public final class Manifolds {
  /** Kynkäänniemi et al.'s k for precision and recall. */
  public static final int PR_K = 3;

  /** Naeem et al.'s k for density and coverage. */
  public static final int DC_K = 5;

  /** The four numbers. */
  public record Scores(double precision, double recall, double density, double coverage) {}

  private Manifolds() {}

  /** With the papers' k: 3 for precision and recall, 5 for density and coverage. */
  public static Scores of(double[][] real, double[][] fake) {
    return of(real, fake, PR_K, DC_K);
  }

  public static Scores of(double[][] real, double[][] fake, int prK, int dcK) {
    var distances = Neighbours.pairwise(real, fake); // [real][fake]
    var pr =
        precisionRecall(
            distances, Neighbours.kthNearest(real, prK), Neighbours.kthNearest(fake, prK));
    var dc = densityCoverage(distances, Neighbours.kthNearest(real, dcK), dcK);
    return new Scores(pr[0], pr[1], dc[0], dc[1]);
  }

  private static double[] precisionRecall(double[][] d, double[] realRadius, double[] fakeRadius) {
    int real = d.length, fake = d[0].length;
    int precise = 0;
    for (int j = 0; j < fake; j++) {
      for (int i = 0; i < real; i++) {
        if (d[i][j] < realRadius[i]) {
          precise++;
          break;
        }
      }
    }
    int recalled = 0;
    for (int i = 0; i < real; i++) {
      for (int j = 0; j < fake; j++) {
        if (d[i][j] < fakeRadius[j]) {
          recalled++;
          break;
        }
      }
    }
    return new double[] {(double) precise / fake, (double) recalled / real};
  }

  private static double[] densityCoverage(double[][] d, double[] realRadius, int k) {
    int real = d.length, fake = d[0].length;
    long inside = 0;
    int covered = 0;
    for (int i = 0; i < real; i++) {
      double nearestFake = Double.POSITIVE_INFINITY;
      for (int j = 0; j < fake; j++) {
        if (d[i][j] < realRadius[i]) inside++;
        nearestFake = Math.min(nearestFake, d[i][j]);
      }
      if (nearestFake < realRadius[i]) covered++;
    }
    return new double[] {(double) inside / k / fake, (double) covered / real};
  }
}
