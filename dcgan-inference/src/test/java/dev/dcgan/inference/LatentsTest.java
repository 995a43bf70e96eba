package dev.dcgan.inference;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LatentsTest {
  @Test
  void truncationKeepsEveryComponentWithinPsiAndIsSeeded() {
    float[][] z = Latents.truncated(16, 100, 7, 0.5);
    for (float[] row : z) for (float v : row) assertTrue(Math.abs(v) <= 0.5f, "" + v);
    assertArrayEquals(z[3], Latents.truncated(16, 100, 7, 0.5)[3]);
    assertArrayEquals(
        z[3], Latents.truncated(4, 100, 7, 0.5)[3], "the first rows do not depend on count");
    assertFalse(Arrays.equals(z[0], Latents.truncated(1, 100, 8, 0.5)[0]));
    // Components already within ψ stay what LatentNoise drew.
    float[] plain = LatentNoise.gaussian(1, 100, 7)[0];
    for (int j = 0; j < 100; j++) if (Math.abs(plain[j]) <= 0.5f) assertEquals(plain[j], z[0][j]);
  }

  @Test
  void psiMustBePositive() {
    for (double psi : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      var e = assertThrows(IllegalArgumentException.class, () -> Latents.truncated(1, 4, 0, psi));
      assertTrue(e.getMessage().contains("greater than 0"), e.getMessage());
    }
  }

  @Test
  void withCodeSwapsTheLargestIntoPlace() {
    float[] z = LatentNoise.gaussian(1, 30, 3)[0];
    for (int code = 0; code < 10; code++) {
      float[] coded = Latents.withCode(z, 10, code);
      assertEquals(code, Latents.codeOf(coded, 10));
      float[] a = coded.clone(), b = z.clone();
      Arrays.sort(a);
      Arrays.sort(b);
      assertArrayEquals(b, a, "the same values, two swapped");
      assertArrayEquals(Arrays.copyOfRange(z, 10, 30), Arrays.copyOfRange(coded, 10, 30));
    }
    var unknown = assertThrows(IllegalArgumentException.class, () -> Latents.withCode(z, 10, 10));
    assertTrue(unknown.getMessage().contains("codes 0..9"), unknown.getMessage());
    var none = assertThrows(IllegalArgumentException.class, () -> Latents.withCode(z, 0, 0));
    assertTrue(none.getMessage().contains("no latent code"), none.getMessage());
  }

  @Test
  void lerpRunsStraightBetweenTheEnds() {
    float[] a = {0, 2}, b = {4, -2};
    float[][] path = Latents.lerp(a, b, 5);
    assertArrayEquals(a, path[0]);
    assertArrayEquals(b, path[4]);
    assertArrayEquals(new float[] {2, 0}, path[2]);
    assertThrows(IllegalArgumentException.class, () -> Latents.lerp(a, b, 1));
  }
}
