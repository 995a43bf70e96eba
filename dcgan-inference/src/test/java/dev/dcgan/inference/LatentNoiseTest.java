package dev.dcgan.inference;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class LatentNoiseTest {
  static double norm(float[] v) {
    double s = 0;
    for (float x : v) s += (double) x * x;
    return Math.sqrt(s);
  }

  static double angle(float[] u, float[] v) {
    double dot = 0;
    for (int j = 0; j < u.length; j++) dot += (double) u[j] * v[j];
    return Math.acos(Math.max(-1, Math.min(1, dot / (norm(u) * norm(v)))));
  }

  @Test
  void slerpWalksTheGreatCircleAtEvenAnglesAndKeepsTheNorm() {
    float[][] z = LatentNoise.gaussian(2, 100, 3);
    float[] a = z[0];
    float[] b = z[1].clone();
    double scale = norm(a) / norm(b);
    for (int j = 0; j < b.length; j++) b[j] *= (float) scale;
    float[][] path = LatentNoise.slerp(a, b, 9);
    assertEquals(9, path.length);
    assertArrayEquals(a, path[0]);
    assertArrayEquals(b, path[8]);
    double total = angle(a, b);
    for (int i = 1; i < 9; i++) {
      assertEquals(total / 8, angle(path[i - 1], path[i]), 1e-4, "angle of step " + i);
      // A straight line would dip to cos(total / 2) of the norm in the middle.
      assertEquals(norm(a), norm(path[i]), 1e-3, "norm at step " + i);
    }
  }

  @Test
  void parallelVectorsFallBackToAStraightLine() {
    float[] a = {1, 2, 3};
    float[] b = {2, 4, 6};
    assertArrayEquals(new float[] {1.5f, 3f, 4.5f}, LatentNoise.slerp(a, b, 3)[1], 1e-6f);
  }

  @Test
  void requireFiniteNamesTheFirstBadValue() {
    assertDoesNotThrow(() -> LatentNoise.requireFinite(LatentNoise.gaussian(4, 3, 9)));
    float[][] z = {{0, 1}, {2, Float.NaN}, {Float.POSITIVE_INFINITY, 0}};
    var e = assertThrows(IllegalArgumentException.class, () -> LatentNoise.requireFinite(z));
    assertEquals("z row 1, column 1 is NaN; z must be finite numbers", e.getMessage());
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> LatentNoise.slerp(new float[2], new float[3], 4));
    assertThrows(
        IllegalArgumentException.class, () -> LatentNoise.slerp(new float[2], new float[2], 1));
  }
}
