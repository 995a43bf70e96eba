package dev.dcgan.train.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CopyCheckTest {
  static double[][] gaussian(Random random, int n, int dims) {
    var out = new double[n][dims];
    for (var row : out) for (int d = 0; d < dims; d++) row[d] = random.nextGaussian();
    return out;
  }

  @Test
  void plantedCopiesAreFoundAndCounted() {
    var random = new Random(1);
    var training = gaussian(random, 300, 8);
    var test = gaussian(random, 200, 8);
    var fresh = gaussian(random, 40, 8);
    // 10 samples that are training images 7, 17, ..., 97 with a tiny perturbation.
    var samples = new double[50][];
    System.arraycopy(fresh, 0, samples, 0, 40);
    for (int c = 0; c < 10; c++) {
      samples[40 + c] = training[7 + 10 * c].clone();
      samples[40 + c][0] += 1e-3;
    }
    var r = CopyCheck.run(training, test, samples, 10);
    // The copies, and fresh samples only as often as new images come that near (5% of 40 = 2).
    assertTrue(r.copyShare() >= 10 / 50.0, "share " + r.copyShare());
    assertTrue(r.copyShare() <= 15 / 50.0, "share " + r.copyShare());
    assertEquals(
        Set.of(40, 41, 42, 43, 44, 45, 46, 47, 48, 49),
        r.closest().stream().map(CopyCheck.Pair::sample).collect(Collectors.toSet()));
    for (var pair : r.closest()) {
      assertEquals(7 + 10 * (pair.sample() - 40), pair.training());
      assertEquals(1e-3, pair.distance(), 1e-9);
    }
    assertTrue(r.threshold() > 0.1, "new images are not that near: " + r.threshold());
    assertTrue(r.sampleMedian() > r.threshold());
  }

  @Test
  void newImagesAreAboutFivePercentCopies() {
    var random = new Random(2);
    var r =
        CopyCheck.run(
            gaussian(random, 400, 6), gaussian(random, 400, 6), gaussian(random, 400, 6), 3);
    assertTrue(r.copyShare() > 0.01 && r.copyShare() < 0.10, "share " + r.copyShare());
    assertEquals(r.testMedian(), r.sampleMedian(), 0.15 * r.testMedian());
  }

  @Test
  void percentileInterpolatesAsNumpy() {
    assertEquals(1.15, CopyCheck.percentile(new double[] {4, 1, 10, 2}, 5), 1e-12);
    assertEquals(3.0, CopyCheck.percentile(new double[] {4, 1, 10, 2}, 50), 1e-12);
  }
}
