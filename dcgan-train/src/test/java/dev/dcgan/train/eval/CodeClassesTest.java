package dev.dcgan.train.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-code class table of a generator with a latent code. */
class CodeClassesTest {
  /** Forcing code c puts the largest of the first K entries at c and keeps every value. */
  @Test
  void forcingACodeSwapsTheMaximumIntoPlace() {
    var random = new Random(3);
    for (int trial = 0; trial < 200; trial++) {
      var z = new float[12];
      for (int j = 0; j < z.length; j++) z[j] = (float) random.nextGaussian();
      var before = z.clone();
      int c = trial % 10;
      CodeClasses.forceCode(z, 10, c);
      assertEquals(c, CodeClasses.codeOf(z, 10));
      assertArrayEquals(Arrays.copyOfRange(before, 10, 12), Arrays.copyOfRange(z, 10, 12));
      var a = before.clone();
      var b = z.clone();
      Arrays.sort(a);
      Arrays.sort(b);
      assertArrayEquals(a, b, "a permutation of z");
    }
  }

  @Test
  void purityAndCoverage() {
    int[][] counts = {
      {8, 2, 0}, // code 0: class 0, 80%
      {1, 0, 9}, // code 1: class 2, 90%
      {5, 4, 1}, // code 2: class 0, 50%
    };
    var codes = new CodeClasses(10, counts);
    assertEquals(0, codes.topClass(0));
    assertEquals(2, codes.topClass(1));
    assertEquals(0.5, codes.purity(2), 1e-12);
    assertEquals((0.8 + 0.9 + 0.5) / 3, codes.meanPurity(), 1e-12);
    assertEquals(2, codes.classesCovered(), "class 1 is no code's top class");
  }
}
