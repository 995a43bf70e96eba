package dev.dcgan.inference;

import java.util.Random;

/**
 * Latent vectors from N(0, 1), reproducible: the same (count, width, seed) gives the same z
 * forever, because {@link Random#nextGaussian()}'s algorithm is fixed by its specification.
 */
public final class LatentNoise {
  private LatentNoise() {}

  /** {@code count} rows of {@code width} standard normal values, row after row. */
  public static float[][] gaussian(int count, int width, long seed) {
    if (count < 1) throw new IllegalArgumentException("count must be >= 1, got " + count);
    if (width < 1) throw new IllegalArgumentException("width must be >= 1, got " + width);
    return gaussian(new Random(seed), count, width);
  }

  /**
   * The next {@code count} rows from {@code rng}: consecutive calls continue one stream, so rows
   * drawn in pieces equal rows drawn at once.
   */
  static float[][] gaussian(Random rng, int count, int width) {
    var z = new float[count][width];
    for (float[] row : z) {
      for (int j = 0; j < width; j++) row[j] = (float) rng.nextGaussian();
    }
    return z;
  }

  /**
   * The stream of random class labels for {@code seed}: its own {@link Random}, so z stays what
   * {@link #gaussian(int, int, long)} draws for the seed, whether classes are drawn or not. Its
   * seed is SplitMix64's finaliser of {@code seed + 0x9E3779B97F4A7C15}, so nearby seeds give
   * unrelated labels.
   */
  static Random labelStream(long seed) {
    long x = seed + 0x9E3779B97F4A7C15L;
    x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
    x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
    return new Random(x ^ (x >>> 31));
  }

  /** The next {@code count} labels from {@code rng}, uniform in [0, classes). */
  static int[] labels(Random rng, int count, int classes) {
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) labels[i] = rng.nextInt(classes);
    return labels;
  }

  /**
   * Throws unless every value of {@code z} is finite: a NaN or an infinity gives a NaN image, not
   * an error, once it reaches the generator.
   *
   * @param z rows of latent values
   * @throws IllegalArgumentException naming the row and column of the first NaN or infinity
   */
  public static void requireFinite(float[][] z) {
    for (int i = 0; i < z.length; i++) requireFinite(z[i], i);
  }

  /** {@link #requireFinite(float[][])} for row {@code row} alone. */
  static void requireFinite(float[] values, int row) {
    for (int j = 0; j < values.length; j++) {
      if (!Float.isFinite(values[j])) {
        throw new IllegalArgumentException(
            "z row " + row + ", column " + j + " is " + values[j] + "; z must be finite numbers");
      }
    }
  }

  /**
   * Spherical interpolation from {@code a} to {@code b} in {@code steps} points, both ends
   * included: the path a Gaussian latent space is best walked along, since it keeps the norm that a
   * straight line would shrink midway (White, "Sampling Generative Networks", 2016). Nearly
   * parallel vectors fall back to a straight line.
   *
   * @param a the first vector
   * @param b the last vector, as wide as {@code a}
   * @param steps number of points, at least 2
   * @return {@code steps} rows of {@code a.length} values; row 0 is a, the last row is b
   */
  public static float[][] slerp(float[] a, float[] b, int steps) {
    if (a.length != b.length)
      throw new IllegalArgumentException("a has width " + a.length + ", b has " + b.length);
    if (steps < 2) throw new IllegalArgumentException("steps must be >= 2, got " + steps);
    double dot = 0, na = 0, nb = 0;
    for (int j = 0; j < a.length; j++) {
      dot += (double) a[j] * b[j];
      na += (double) a[j] * a[j];
      nb += (double) b[j] * b[j];
    }
    double cos = na == 0 || nb == 0 ? 1 : Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
    double omega = Math.acos(cos);
    double sin = Math.sin(omega);
    var path = new float[steps][a.length];
    for (int i = 0; i < steps; i++) {
      double t = (double) i / (steps - 1);
      double wa = sin < 1e-6 ? 1 - t : Math.sin((1 - t) * omega) / sin;
      double wb = sin < 1e-6 ? t : Math.sin(t * omega) / sin;
      for (int j = 0; j < a.length; j++) path[i][j] = (float) (wa * a[j] + wb * b[j]);
    }
    path[0] = a.clone();
    path[steps - 1] = b.clone();
    return path;
  }
}
