package dev.dcgan.train.eval;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ManifoldsTest {
  static double[][] line(double... xs) {
    var out = new double[xs.length][];
    for (int i = 0; i < xs.length; i++) out[i] = new double[] {xs[i], 0};
    return out;
  }

  @Test
  void identicalSetsScorePerfectly() {
    // Reals 0..9 on a line, k = 1: every ball has radius 1 and (open) holds only its own point.
    var real = line(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    var s = Manifolds.of(real, line(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 1, 1);
    assertEquals(new Manifolds.Scores(1, 1, 1, 1), s);
  }

  /**
   * Reals at 0, 10, ..., 90 (k = 1: radius 10); fakes at 0, 1, ..., 9 (radius 1), crowded at one
   * end of the data:
   *
   * <ul>
   *   <li>precision 1: every fake is within 10 of the real 0;
   *   <li>recall 0.1: only the real 0 is within 1 of a fake (the real 10 is exactly 1 from the fake
   *       9: the ball is open);
   *   <li>coverage 0.2: the reals 0 and 10 have a fake within 10;
   *   <li>density 1.9: the fake 0 lies in one real ball, the fakes 1..9 in two (reals 0 and 10).
   * </ul>
   */
  @Test
  void aCollapsedGeneratorIsPreciseButRecallsLittle() {
    var real = line(0, 10, 20, 30, 40, 50, 60, 70, 80, 90);
    var fake = line(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    var s = Manifolds.of(real, fake, 1, 1);
    assertEquals(1.0, s.precision(), 1e-12);
    assertEquals(0.1, s.recall(), 1e-12);
    assertEquals(0.2, s.coverage(), 1e-12);
    assertEquals(1.9, s.density(), 1e-12);
  }

  @Test
  void fakesOffTheDataScoreZeroAndHalfOffScoreHalf() {
    var real = line(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    var far = line(100, 101, 102, 103, 104, 105, 106, 107, 108, 109);
    assertEquals(new Manifolds.Scores(0, 0, 0, 0), Manifolds.of(real, far, 3, 5));
    // Half the fakes on the reals 0, 2, 4, 6, 8, half far off: with k = 3 (real radius 2 inside
    // the line, 3 at the ends) every on-data fake is precise, every far one is not.
    var half = line(0, 2, 4, 6, 8, 100, 101, 102, 103, 104);
    var s = Manifolds.of(real, half, 3, 3);
    assertEquals(0.5, s.precision(), 1e-12);
    assertEquals(1.0, s.coverage(), 1e-12, "every real has a fake within its radius");
  }

  @Test
  void usesThePapersKByDefault() {
    assertEquals(3, Manifolds.PR_K);
    assertEquals(5, Manifolds.DC_K);
    var real = line(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertEquals(
        new Manifolds.Scores(1, 1, Manifolds.of(real, real).density(), 1),
        Manifolds.of(real, real));
  }
}
