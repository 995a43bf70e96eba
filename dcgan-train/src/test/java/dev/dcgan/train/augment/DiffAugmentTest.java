package dev.dcgan.train.augment;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.augment.DiffAugment.Policy;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class DiffAugmentTest {
  static final int N = 8, H = 16, W = 16, C = 3;

  /** Random images in [-1, 1], none of whose pixels is 0 (so a zeroed pixel is visible). */
  static float[] images(long seed, int n) {
    var random = new Random(seed);
    var x = new float[n * H * W * C];
    for (int i = 0; i < x.length; i++) {
      float v = random.nextFloat() * 2f - 1f;
      x[i] = Math.abs(v) < 0.01f ? 0.5f : v;
    }
    return x;
  }

  /** A graph that augments fed images with a fed p and seed. */
  static final class Rig implements AutoCloseable {
    final Graph graph = new Graph();
    final Ops tf = Ops.create(graph);
    final Placeholder<TFloat32> x =
        tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, H, W, C)));
    final Placeholder<TFloat32> p =
        tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    final Placeholder<TInt64> seed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
    final Operand<TFloat32> out;
    final Session session;

    Rig(Set<Policy> policies) {
      out = new DiffAugment(policies).apply(tf, x, p, seed);
      session = new Session(graph);
    }

    float[] run(float[] images, float probability, long seed0, long seed1) {
      int n = images.length / (H * W * C);
      try (var xs =
              TFloat32.tensorOf(
                  Shape.of(n, H, W, C), d -> d.asRawTensor().data().asFloats().write(images));
          var ps = TFloat32.scalarOf(probability);
          var ss = TInt64.vectorOf(seed0, seed1);
          Result r = session.runner().feed(x, xs).feed(p, ps).feed(seed, ss).fetch(out).run()) {
        var t = (TFloat32) r.get(0);
        assertEquals(Shape.of(n, H, W, C), t.shape(), "the shape is kept");
        var values = new float[n * H * W * C];
        t.asRawTensor().data().asFloats().read(values);
        return values;
      }
    }

    @Override
    public void close() {
      session.close();
      graph.close();
    }
  }

  static final Set<Policy> ALL = EnumSet.allOf(Policy.class);

  @Test
  void pZeroIsExactlyTheIdentity() {
    try (var rig = new Rig(ALL)) {
      var x = images(1, N);
      assertArrayEquals(x, rig.run(x, 0f, 3, 4), 0f);
    }
  }

  @Test
  void theSameSeedGivesTheSameImagesAndAnotherSeedOthers() {
    try (var rig = new Rig(ALL)) {
      var x = images(2, N);
      var a = rig.run(x, 1f, 7, 0);
      assertArrayEquals(a, rig.run(x, 1f, 7, 0), 0f);
      assertFalse(java.util.Arrays.equals(a, rig.run(x, 1f, 7, 1)));
      assertFalse(java.util.Arrays.equals(a, rig.run(x, 1f, 8, 0)));
    }
  }

  @Test
  void eachPolicyChangesEveryImageAtPOne() {
    for (var policy : Policy.values()) {
      try (var rig = new Rig(EnumSet.of(policy))) {
        var x = images(3, N);
        var y = rig.run(x, 1f, 11, 12);
        int unchanged = 0;
        for (int n = 0; n < N; n++) if (image(x, n).equals(image(y, n))) unchanged++;
        // Translation by (0, 0) leaves an image as it was: 1 in 25 at this size.
        assertTrue(unchanged <= (policy == Policy.TRANSLATION ? 2 : 0), policy + ": " + unchanged);
      }
    }
  }

  @Test
  void aFractionPOfTheImagesIsAugmented() {
    int n = 200;
    try (var rig = new Rig(EnumSet.of(Policy.CUTOUT))) {
      var x = images(4, n);
      var y = rig.run(x, 0.3f, 5, 6);
      int changed = 0;
      for (int i = 0; i < n; i++) if (!image(x, i).equals(image(y, i))) changed++;
      // Binomial(200, 0.3): mean 60, standard deviation 6.5.
      assertTrue(changed > 35 && changed < 85, "changed " + changed);
    }
  }

  @Test
  void translationShiftsEachImageByAtMostAnEighthWithZerosShiftedIn() {
    int s = (int) (H * DiffAugment.TRANSLATION_RATIO + 0.5); // 2
    try (var rig = new Rig(EnumSet.of(Policy.TRANSLATION))) {
      var x = images(5, N);
      var y = rig.run(x, 1f, 1, 2);
      var shifts = new java.util.HashSet<String>();
      for (int n = 0; n < N; n++) {
        String found = null;
        for (int dy = -s; dy <= s && found == null; dy++)
          for (int dx = -s; dx <= s && found == null; dx++)
            if (isShift(x, y, n, dy, dx)) found = dy + "," + dx;
        assertNotNull(found, "image " + n + " is not a shift of its input within " + s);
        shifts.add(found);
      }
      assertTrue(shifts.size() > 1, "the shifts differ between images: " + shifts);
    }
  }

  @Test
  void cutoutZeroesOneSquareOfHalfTheSideAtMost() {
    int cut = (int) (H * DiffAugment.CUTOUT_RATIO + 0.5); // 8
    try (var rig = new Rig(EnumSet.of(Policy.CUTOUT))) {
      var x = images(6, N);
      var y = rig.run(x, 1f, 9, 9);
      for (int n = 0; n < N; n++) {
        int top = H, bottom = -1, left = W, right = -1, zeroed = 0;
        for (int i = 0; i < H; i++)
          for (int j = 0; j < W; j++)
            for (int c = 0; c < C; c++) {
              int k = index(n, i, j, c);
              if (y[k] == x[k]) continue;
              assertEquals(0f, Math.abs(y[k]), "a changed pixel is zeroed");
              zeroed++;
              top = Math.min(top, i);
              bottom = Math.max(bottom, i);
              left = Math.min(left, j);
              right = Math.max(right, j);
            }
        int rows = bottom - top + 1, columns = right - left + 1;
        assertTrue(rows >= cut / 2 && rows <= cut, "rows " + rows);
        assertTrue(columns >= cut / 2 && columns <= cut, "columns " + columns);
        assertEquals(rows * columns * C, zeroed, "the zeroed pixels fill a rectangle");
      }
    }
  }

  @Test
  void colourFunctionsFollowThePaper() {
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var x = tf.constant(StdArrays.ndCopyOf(nested(images(7, 2), 2)));
      var u = tf.constant(new float[][][][] {{{{0.9f}}}, {{{0.2f}}}});
      try (var session = new Session(graph)) {
        var xs = fetch(session, x);
        var bright = fetch(session, DiffAugment.brightness(tf, x, u));
        var saturated = fetch(session, DiffAugment.saturation(tf, x, u));
        var contrasted = fetch(session, DiffAugment.contrast(tf, x, u));
        float[] us = {0.9f, 0.2f};
        for (int n = 0; n < 2; n++) {
          double meanIn = 0, meanOut = 0;
          for (int i = 0; i < H * W; i++) {
            int k0 = (n * H * W + i) * C;
            double pixelIn = 0, pixelOut = 0;
            for (int c = 0; c < C; c++) {
              assertEquals(xs[k0 + c] + us[n] - 0.5f, bright[k0 + c], 1e-6);
              pixelIn += xs[k0 + c];
              pixelOut += saturated[k0 + c];
              meanIn += xs[k0 + c];
              meanOut += contrasted[k0 + c];
            }
            assertEquals(pixelIn, pixelOut, 1e-4, "saturation keeps each pixel's mean");
            double m = pixelIn / C;
            assertEquals(
                (xs[k0] - m) * 2 * us[n] + m, saturated[k0], 1e-5, "saturation scales by 2u");
          }
          assertEquals(meanIn, meanOut, 1e-2, "contrast keeps the image's mean");
        }
      }
    }
  }

  /**
   * d/dx of sum(w·augment(x)) by the graph's gradient against central differences; with the draws
   * fixed by the seed, the function is linear in x, so the two agree closely.
   */
  @Test
  void gradientsFlowToTheImagesAsFiniteDifferencesSay() {
    try (var rig = new Rig(ALL)) {
      var tf = rig.tf;
      var weights = images(8, N);
      var w =
          tf.constant(
              org.tensorflow.ndarray.NdArrays.wrap(
                  Shape.of(N, H, W, C),
                  org.tensorflow.ndarray.buffer.DataBuffers.of(weights, true, false)));
      var loss = tf.reduceSum(tf.math.mul(rig.out, w), tf.constant(new int[] {0, 1, 2, 3}));
      Operand<TFloat32> grad = tf.gradients(loss, List.of(rig.x)).dy(0);
      var x = images(9, N);
      float[] analytic;
      try (var xs = tensor(x);
          var ps = TFloat32.scalarOf(1f);
          var ss = TInt64.vectorOf(21, 22);
          Result r =
              rig.session
                  .runner()
                  .feed(rig.x, xs)
                  .feed(rig.p, ps)
                  .feed(rig.seed, ss)
                  .fetch(grad)
                  .run()) {
        analytic = new float[x.length];
        ((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(analytic);
      }
      var random = new Random(10);
      int nonZero = 0;
      for (int t = 0; t < 40; t++) {
        int k = random.nextInt(x.length);
        float h = 0.05f;
        var plus = x.clone();
        plus[k] += h;
        var minus = x.clone();
        minus[k] -= h;
        double numeric = (lossOf(rig, loss, plus) - lossOf(rig, loss, minus)) / (2 * h);
        assertEquals(numeric, analytic[k], 2e-2 * Math.max(1, Math.abs(numeric)), "at " + k);
        if (Math.abs(analytic[k]) > 1e-3) nonZero++;
      }
      assertTrue(nonZero > 10, "most sampled gradients are non-zero: " + nonZero);
    }
  }

  private static double lossOf(Rig rig, Operand<TFloat32> loss, float[] x) {
    try (var xs = tensor(x);
        var ps = TFloat32.scalarOf(1f);
        var ss = TInt64.vectorOf(21, 22);
        Result r =
            rig.session
                .runner()
                .feed(rig.x, xs)
                .feed(rig.p, ps)
                .feed(rig.seed, ss)
                .fetch(loss)
                .run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  @Test
  void parsesAnySubsetAndRejectsUnknownNames() {
    assertEquals(
        EnumSet.allOf(Policy.class), DiffAugment.parse("cutout, color,translation").policies());
    assertEquals(Set.of(), DiffAugment.parse("none").policies());
    assertEquals("color,cutout", DiffAugment.parse("cutout,color").toString());
    var e = assertThrows(IllegalArgumentException.class, () -> DiffAugment.parse("color,flip"));
    assertTrue(e.getMessage().contains("'flip'"), e.getMessage());
  }

  private static TFloat32 tensor(float[] x) {
    return TFloat32.tensorOf(
        Shape.of(x.length / (H * W * C), H, W, C), d -> d.asRawTensor().data().asFloats().write(x));
  }

  private static float[] fetch(Session session, Operand<TFloat32> out) {
    try (Result r = session.runner().fetch(out).run()) {
      var t = (TFloat32) r.get(0);
      var v = new float[(int) t.shape().size()];
      t.asRawTensor().data().asFloats().read(v);
      return v;
    }
  }

  private static float[][][][] nested(float[] x, int n) {
    var out = new float[n][H][W][C];
    for (int a = 0; a < n; a++)
      for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++)
          for (int c = 0; c < C; c++) out[a][i][j][c] = x[index(a, i, j, c)];
    return out;
  }

  private static boolean isShift(float[] x, float[] y, int n, int dy, int dx) {
    for (int i = 0; i < H; i++)
      for (int j = 0; j < W; j++)
        for (int c = 0; c < C; c++) {
          int si = i + dy, sj = j + dx;
          float expected = si >= 0 && si < H && sj >= 0 && sj < W ? x[index(n, si, sj, c)] : 0f;
          if (y[index(n, i, j, c)] != expected) return false;
        }
    return true;
  }

  private static int index(int n, int i, int j, int c) {
    return ((n * H + i) * W + j) * C + c;
  }

  private static java.util.List<Float> image(float[] x, int n) {
    var list = new java.util.ArrayList<Float>(H * W * C);
    for (int k = n * H * W * C; k < (n + 1) * H * W * C; k++) list.add(x[k]);
    return list;
  }
}
