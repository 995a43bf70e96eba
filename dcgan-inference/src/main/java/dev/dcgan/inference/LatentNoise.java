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
    var rng = new Random(seed);
    var z = new float[count][width];
    for (float[] row : z) {
      for (int j = 0; j < width; j++) row[j] = (float) rng.nextGaussian();
    }
    return z;
  }
}
