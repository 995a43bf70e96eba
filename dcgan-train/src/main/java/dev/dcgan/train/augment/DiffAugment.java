package dev.dcgan.train.augment;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Differentiable augmentation (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient
 * GAN Training"): the same random transformations applied to every batch the discriminator sees,
 * real and fake, in both D's and G's update, so D cannot memorise the few real images it has and G
 * still gets gradients through the transformation. A port of the authors' {@code
 * DiffAugment_pytorch.py}, NHWC:
 *
 * <ul>
 *   <li>color: brightness {@code x + (u − 0.5)}; saturation {@code (x − mean_c)·2u + mean_c} (mean
 *       over the channels of each pixel); contrast {@code (x − mean)·(u + 0.5) + mean} (mean over
 *       the image); one u per image for each;
 *   <li>translation: shift by up to 1/8 of the side in each direction (a whole number of pixels,
 *       each image its own), zeros shifted in;
 *   <li>cutout: zero a square of half the side at a random centre (clipped at the edges).
 * </ul>
 *
 * <p>As in ADA (Karras et al. 2020), each of the five functions (brightness, saturation, contrast,
 * translation, cutout) is applied to each image with probability p, drawn independently; p = 1 is
 * the paper's always-on DiffAugment, p = 0 the identity. All draws come from one stateless random
 * op keyed by the seed given, so a run that feeds the same seeds repeats exactly, and a resumed run
 * draws what the uninterrupted one would have.
 *
 * <p>Every op is linear in the images once the draws are fixed, so gradients flow to the input (and
 * on to G) unchanged in kind.
 */
public final class DiffAugment {
  /** The paper's three policies. */
  public enum Policy {
    COLOR,
    TRANSLATION,
    CUTOUT;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Translation moves images by up to this fraction of their side (the paper's 1/8). */
  static final double TRANSLATION_RATIO = 0.125;

  /** Cutout's square has this fraction of the side (the paper's 1/2). */
  static final double CUTOUT_RATIO = 0.5;

  /**
   * Uniform draws per image: a gate and a value for each colour function, 3 + 2 + 2 for the rest.
   */
  private static final int DRAWS = 13;

  private final Set<Policy> policies;

  public DiffAugment(Set<Policy> policies) {
    this.policies = policies.isEmpty() ? Set.of() : EnumSet.copyOf(policies);
  }

  /** {@code "color,translation,cutout"}, any subset in any order; "" or "none" for none. */
  public static DiffAugment parse(String policies) {
    var set = EnumSet.noneOf(Policy.class);
    String s = policies.strip();
    if (s.isEmpty() || s.equalsIgnoreCase("none")) return new DiffAugment(set);
    for (String part : s.split(",", -1)) {
      String id = part.strip().toUpperCase(Locale.ROOT);
      try {
        set.add(Policy.valueOf(id));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown augmentation '" + part.strip() + "': choose from " + ids());
      }
    }
    return new DiffAugment(set);
  }

  /** The policy names, for help texts and errors. */
  public static String ids() {
    return java.util.Arrays.stream(Policy.values())
        .map(Policy::id)
        .collect(Collectors.joining(", "));
  }

  public Set<Policy> policies() {
    return policies.isEmpty() ? Set.of() : EnumSet.copyOf(policies);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DiffAugment other && policies.equals(other.policies);
  }

  @Override
  public int hashCode() {
    return policies.hashCode();
  }

  /** {@code color,translation,cutout} as given to {@link #parse}, in the paper's order. */
  @Override
  public String toString() {
    return policies.isEmpty()
        ? "none"
        : policies.stream().map(Policy::id).collect(Collectors.joining(","));
  }

  /**
   * The augmented images.
   *
   * @param images NHWC float32 in [-1, 1] (H and W known when the graph is built; N may be -1)
   * @param p float32 scalar: the probability each function is applied to each image
   * @param seed int64[2], distinct for every call in a step (e.g. {@code SeedStream.next(tf)})
   */
  public Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> images, Operand<TFloat32> p, Operand<TInt64> seed) {
    if (policies.isEmpty()) return images;
    Shape shape = images.shape();
    if (shape.numDimensions() != 4 || shape.size(1) < 1 || shape.size(2) < 1)
      throw new IllegalArgumentException(
          "DiffAugment takes NHWC images of known size, got " + shape);
    int height = (int) shape.size(1);
    int width = (int) shape.size(2);
    var batch =
        tf.slice(
            tf.shape(images, TInt64.class),
            tf.constant(new long[] {0}),
            tf.constant(new long[] {1}));
    var drawShape = tf.concat(List.of(batch, tf.constant(new long[] {DRAWS})), tf.constant(0));
    // The draws are constants to the gradient (their shape depends on the images' batch size).
    var uniform =
        tf.stopGradient(tf.random.statelessRandomUniform(drawShape, seed, TFloat32.class));
    List<Operand<TFloat32>> u =
        new ArrayList<>(tf.unstack(uniform, (long) DRAWS, Unstack.axis(1L)).output());

    Operand<TFloat32> x = images;
    if (policies.contains(Policy.COLOR)) {
      x = blend(tf, x, brightness(tf, x, perImage(tf, u.get(1))), gate(tf, u.get(0), p));
      x = blend(tf, x, saturation(tf, x, perImage(tf, u.get(3))), gate(tf, u.get(2), p));
      x = blend(tf, x, contrast(tf, x, perImage(tf, u.get(5))), gate(tf, u.get(4), p));
    }
    if (policies.contains(Policy.TRANSLATION)) {
      x =
          blend(
              tf, x, translation(tf, x, height, width, u.get(7), u.get(8)), gate(tf, u.get(6), p));
    }
    if (policies.contains(Policy.CUTOUT)) {
      x = blend(tf, x, cutout(tf, x, height, width, u.get(10), u.get(11)), gate(tf, u.get(9), p));
    }
    // u.get(12) is spare, so a later function can be added without changing today's draws.
    return x;
  }

  /** [N] to [N, 1, 1, 1], to scale or shift whole images. */
  private static Operand<TFloat32> perImage(Ops tf, Operand<TFloat32> column) {
    return tf.reshape(column, tf.constant(new long[] {-1, 1, 1, 1}));
  }

  /** 1 where the function applies to the image (u &lt; p), else 0; [N, 1, 1, 1]. */
  private static Operand<TFloat32> gate(Ops tf, Operand<TFloat32> u, Operand<TFloat32> p) {
    return perImage(tf, tf.dtypes.cast(tf.math.less(u, p), TFloat32.class));
  }

  /** g·y + (1 − g)·x: exactly y where g = 1 and exactly x where g = 0 (no x + (y − x) rounding). */
  private static Operand<TFloat32> blend(
      Ops tf, Operand<TFloat32> x, Operand<TFloat32> y, Operand<TFloat32> g) {
    return tf.math.add(tf.math.mul(y, g), tf.math.mul(x, tf.math.sub(tf.constant(1f), g)));
  }

  /** x + (u − 0.5). */
  static Operand<TFloat32> brightness(Ops tf, Operand<TFloat32> x, Operand<TFloat32> u) {
    return tf.math.add(x, tf.math.sub(u, tf.constant(0.5f)));
  }

  /** (x − mean over channels)·2u + that mean. */
  static Operand<TFloat32> saturation(Ops tf, Operand<TFloat32> x, Operand<TFloat32> u) {
    var mean = tf.math.mean(x, tf.constant(3), org.tensorflow.op.math.Mean.keepDims(true));
    return tf.math.add(tf.math.mul(tf.math.sub(x, mean), tf.math.mul(u, tf.constant(2f))), mean);
  }

  /** (x − mean over the image)·(u + 0.5) + that mean. */
  static Operand<TFloat32> contrast(Ops tf, Operand<TFloat32> x, Operand<TFloat32> u) {
    var mean =
        tf.math.mean(
            x, tf.constant(new int[] {1, 2, 3}), org.tensorflow.op.math.Mean.keepDims(true));
    return tf.math.add(tf.math.mul(tf.math.sub(x, mean), tf.math.add(u, tf.constant(0.5f))), mean);
  }

  /**
   * out[n, i, j] = x[n, i + dy, j + dx] inside the image, 0 outside; dy, dx whole numbers in [−s,
   * s], s = round(side/8), as the reference: its zero padding of one pixel and clamped indices.
   */
  static Operand<TFloat32> translation(
      Ops tf,
      Operand<TFloat32> x,
      int height,
      int width,
      Operand<TFloat32> uRows,
      Operand<TFloat32> uColumns) {
    int shiftRows = (int) (height * TRANSLATION_RATIO + 0.5);
    int shiftColumns = (int) (width * TRANSLATION_RATIO + 0.5);
    var padded =
        tf.pad(x, tf.constant(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}), tf.constant(0f));
    var rows = shiftedIndices(tf, uRows, shiftRows, height);
    var columns = shiftedIndices(tf, uColumns, shiftColumns, width);
    var byRows = tf.gather(padded, rows, tf.constant(1), Gather.batchDims(1L));
    return tf.gather(byRows, columns, tf.constant(2), Gather.batchDims(1L));
  }

  /**
   * [N, size]: index k + shift + 1 into the padded axis, clamped to its zero borders 0 and size +
   * 1; the shift is floor(u·(2s + 1)) − s, uniform over [−s, s] as torch.randint(−s, s + 1).
   */
  private static Operand<TInt32> shiftedIndices(
      Ops tf, Operand<TFloat32> u, int maxShift, int size) {
    var shift =
        tf.math.sub(
            tf.math.floor(tf.math.mul(u, tf.constant((float) (2 * maxShift + 1)))),
            tf.constant((float) maxShift));
    var shiftColumn =
        tf.dtypes.cast(tf.reshape(shift, tf.constant(new long[] {-1, 1})), TInt32.class);
    var k =
        tf.reshape(
            tf.range(tf.constant(1), tf.constant(size + 1), tf.constant(1)),
            tf.constant(new long[] {1, size}));
    return tf.clipByValue(tf.math.add(k, shiftColumn), tf.constant(0), tf.constant(size + 1));
  }

  /**
   * x with a square of side round(side/2) zeroed, centred at offsets drawn as the reference's
   * torch.randint(0, side + (1 − c mod 2)); the square is clipped at the image's edges.
   */
  static Operand<TFloat32> cutout(
      Ops tf,
      Operand<TFloat32> x,
      int height,
      int width,
      Operand<TFloat32> uRows,
      Operand<TFloat32> uColumns) {
    int cutRows = (int) (height * CUTOUT_RATIO + 0.5);
    int cutColumns = (int) (width * CUTOUT_RATIO + 0.5);
    var inRows = inSquare(tf, uRows, height, cutRows); // [N, H]
    var inColumns = inSquare(tf, uColumns, width, cutColumns); // [N, W]
    var square =
        tf.math.mul(
            tf.reshape(inRows, tf.constant(new long[] {-1, height, 1, 1})),
            tf.reshape(inColumns, tf.constant(new long[] {-1, 1, width, 1})));
    return tf.math.mul(x, tf.math.sub(tf.constant(1f), square));
  }

  /** [N, size]: 1 for the indices o − c/2 ≤ k &lt; o − c/2 + c, else 0. */
  private static Operand<TFloat32> inSquare(Ops tf, Operand<TFloat32> u, int size, int cut) {
    int offsets = size + (1 - cut % 2);
    var offset = tf.math.floor(tf.math.mul(u, tf.constant((float) offsets)));
    var start =
        tf.reshape(
            tf.math.sub(offset, tf.constant((float) (cut / 2))), tf.constant(new long[] {-1, 1}));
    var k =
        tf.reshape(
            tf.range(tf.constant(0f), tf.constant((float) size), tf.constant(1f)),
            tf.constant(new long[] {1, size}));
    var from = tf.math.greaterEqual(k, start);
    var to = tf.math.less(k, tf.math.add(start, tf.constant((float) cut)));
    return tf.dtypes.cast(tf.math.logicalAnd(from, to), TFloat32.class);
  }
}
