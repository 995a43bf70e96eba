package dev.dcgan.inference;

import java.util.Random;

/**
 * Steering a generator through its latent space: the truncation trick, choosing a latent code on
 * purpose, and the straight and spherical paths between two latent vectors. Every function is
 * deterministic for its arguments, so a CLI run, the server's explorer page and a test that asks
 * for the same seed get the same z.
 */
public final class Latents {
  /** The key of a model's metadata {@code extra} that holds the size K of its latent code. */
  public static final String LATENT_CODE_KEY = "latent_code";

  private Latents() {}

  /**
   * The truncation trick (Brock et al., BigGAN, 2018): {@link LatentNoise#gaussian(int, int, long)
   * LatentNoise.gaussian(count, width, seed)}, with every component whose magnitude exceeds {@code
   * psi} drawn again until it does not. The redraws come, in row-major order, from a stream of
   * their own seeded from {@code seed}, so the first k rows are the same whatever the count. A
   * smaller ψ trades variety for typical, cleaner samples.
   *
   * @param count rows, at least 1
   * @param width width of z, at least 1
   * @param seed the seed of z and of the redraws
   * @param psi the threshold, greater than 0 (values of 3 and above change almost nothing)
   * @return {@code count} rows of {@code width} values, each in [-ψ, ψ]
   * @throws IllegalArgumentException if ψ is not a positive finite number
   */
  public static float[][] truncated(int count, int width, long seed, double psi) {
    requirePsi(psi);
    float[][] z = LatentNoise.gaussian(count, width, seed);
    Random redraws = new Random(LatentNoise.labelStream(seed).nextLong() ^ 0x7255_6E63_6174_65L);
    for (float[] row : z) {
      for (int j = 0; j < row.length; j++) {
        while (Math.abs(row[j]) > psi) row[j] = (float) redraws.nextGaussian();
      }
    }
    return z;
  }

  /**
   * The classes {@link DcganModel#generate(int, long)} draws for a conditional model and seed, for
   * callers that draw z themselves (truncated, say) and want the same classes.
   *
   * @param count how many
   * @param classes the model's number of classes
   * @param seed the seed
   * @return {@code count} labels in [0, classes)
   */
  public static int[] randomLabels(int count, int classes, long seed) {
    return LatentNoise.labels(LatentNoise.labelStream(seed), count, classes);
  }

  /**
   * Throws unless ψ can truncate: a positive, finite number.
   *
   * @param psi the truncation threshold
   */
  public static void requirePsi(double psi) {
    if (!(psi > 0) || Double.isInfinite(psi)) {
      throw new IllegalArgumentException(
          "the truncation ψ must be a number greater than 0, got " + psi);
    }
  }

  /**
   * The size K of a model's latent code (InfoGAN's categorical code: the generator reads {@code c =
   * argmax(z_0 .. z_K-1)}), from its metadata's {@code extra.latent_code}; 0 for a model without.
   *
   * @param model a loaded generator
   * @return K, or 0
   */
  public static int latentCodeSize(DcganModel model) {
    return model
        .metadata()
        .map(m -> m.extra() == null ? null : m.extra().get(LATENT_CODE_KEY))
        .filter(Number.class::isInstance)
        .map(v -> ((Number) v).intValue())
        .orElse(0);
  }

  /**
   * The code a row of z draws: the index of the largest of its first {@code k} entries.
   *
   * @param z one latent vector, at least k wide
   * @param k the code's size
   * @return argmax(z_0 .. z_k-1)
   */
  public static int codeOf(float[] z, int k) {
    int best = 0;
    for (int j = 1; j < k; j++) if (z[j] > z[best]) best = j;
    return best;
  }

  /**
   * A copy of {@code z} that draws code {@code code}: the largest of its first {@code k} entries
   * swapped into place {@code code}. The values of z stay the same ones, only two trade places, so
   * z stays a draw from N(0, 1) and the rest of z is untouched.
   *
   * @param z one latent vector, at least k wide
   * @param k the size of the model's latent code, at least 1
   * @param code the code to draw, in [0, k)
   * @return the new vector; {@code codeOf(result, k) == code}
   * @throws IllegalArgumentException if the model has no latent code (k = 0) or code is not one
   */
  public static float[] withCode(float[] z, int k, int code) {
    if (k < 1) {
      throw new IllegalArgumentException(
          "the model has no latent code (its metadata has no extra." + LATENT_CODE_KEY + ")");
    }
    if (code < 0 || code >= k) {
      throw new IllegalArgumentException(
          "code " + code + " is not a code of this model: it has codes 0.." + (k - 1));
    }
    if (z.length < k) {
      throw new IllegalArgumentException("z has width " + z.length + ", less than the code's " + k);
    }
    float[] out = z.clone();
    int largest = codeOf(z, k);
    out[code] = z[largest];
    out[largest] = z[code];
    return out;
  }

  /**
   * {@link #withCode(float[], int, int)} for every row.
   *
   * @param z rows of latent values
   * @param k the size of the model's latent code
   * @param code the code every row should draw
   * @return new rows
   */
  public static float[][] withCode(float[][] z, int k, int code) {
    float[][] out = new float[z.length][];
    for (int i = 0; i < z.length; i++) out[i] = withCode(z[i], k, code);
    return out;
  }

  /**
   * The straight line from {@code a} to {@code b} in {@code steps} points, both ends included.
   * {@link LatentNoise#slerp} is usually the better path through a Gaussian latent space.
   *
   * @param a the first vector
   * @param b the last vector, as wide as a
   * @param steps number of points, at least 2
   * @return {@code steps} rows; row 0 is a, the last row is b
   */
  public static float[][] lerp(float[] a, float[] b, int steps) {
    if (a.length != b.length)
      throw new IllegalArgumentException("a has width " + a.length + ", b has " + b.length);
    if (steps < 2) throw new IllegalArgumentException("steps must be >= 2, got " + steps);
    var path = new float[steps][a.length];
    for (int i = 0; i < steps; i++) {
      double t = (double) i / (steps - 1);
      for (int j = 0; j < a.length; j++) path[i][j] = (float) ((1 - t) * a[j] + t * b[j]);
    }
    path[0] = a.clone();
    path[steps - 1] = b.clone();
    return path;
  }
}
