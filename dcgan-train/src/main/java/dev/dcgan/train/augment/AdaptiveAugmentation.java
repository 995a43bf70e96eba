package dev.dcgan.train.augment;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The augmentation probability p, as a variable of the training graph (so it is checkpointed with
 * the weights and a resumed run goes on with the p it had), fixed or adaptive.
 *
 * <p>Adaptive is ADA's heuristic (Karras et al. 2020, "Training Generative Adversarial Networks
 * with Limited Data"; StyleGAN2-ADA's {@code training_loop.py}): D's real logits tell how sure it
 * is of the training images. Over every {@code interval} D updates,
 *
 * <pre>
 *   r_t = E[sign(D(real))]          (1: D calls every real image real; it memorises)
 *   p  ← clip(p + sign(r_t − target) · batch·interval / (kimg·1000), 0, 1)
 * </pre>
 *
 * so p rises while D overfits and falls once it no longer does; {@code kimg} is how many thousand
 * real images it takes p to move from 0 to 1 (500 in StyleGAN2-ADA). The reference clamps p only
 * below, at 0; p above 1 augments no more than 1, so this clips at 1 too, and p comes down without
 * delay once D stops overfitting.
 *
 * <p>Variables: {@value #P} (p), {@value #SIGN_SUM} and {@value #SIGN_COUNT} (the signs gathered
 * since the last adjustment) and {@value #RT} (the last r_t, for the logs).
 *
 * <p>Wiring: {@link #accumulate} with every D update (its real logits), {@link #adjust} after every
 * {@link #interval()}-th D update (see {@link #adjustsAfter}), {@link #p()} into {@link
 * DiffAugment#apply}.
 */
public final class AdaptiveAugmentation {
  public static final String P = "augment.p";
  public static final String SIGN_SUM = "augment.sign_sum";
  public static final String SIGN_COUNT = "augment.sign_count";
  public static final String RT = "augment.rt";

  /**
   * ADA's settings.
   *
   * @param target the r_t that p steers to (0.6 in the paper)
   * @param interval D updates between adjustments (4)
   * @param kimg thousands of real images for p to go from 0 to 1 (500)
   */
  public record Settings(double target, int interval, double kimg) {
    public static final Settings DEFAULT = new Settings(0.6, 4, 500);

    public Settings {
      if (!(target >= 0 && target < 1))
        throw new IllegalArgumentException("the ADA target must be in [0, 1), got " + target);
      if (interval < 1)
        throw new IllegalArgumentException("the ADA interval must be >= 1, got " + interval);
      if (!(kimg > 0 && Double.isFinite(kimg)))
        throw new IllegalArgumentException("the ADA speed (kimg) must be > 0, got " + kimg);
    }

    /** How far p moves at one adjustment. */
    public double step(int batchSize) {
      return (double) batchSize * interval / (kimg * 1000);
    }
  }

  private final Settings settings; // null: p is fixed
  private final float step;
  private final Variable<TFloat32> p;
  private final Variable<TFloat32> signSum;
  private final Variable<TFloat32> signCount;
  private final Variable<TFloat32> rt;

  private AdaptiveAugmentation(Ops tf, float initialP, Settings settings, float step) {
    this.settings = settings;
    this.step = step;
    var init = tf.withInitScope();
    p = tf.withName(P).variable(init.constant(initialP));
    signSum = tf.withName(SIGN_SUM).variable(init.constant(0f));
    signCount = tf.withName(SIGN_COUNT).variable(init.constant(0f));
    rt = tf.withName(RT).variable(init.constant(0f));
  }

  /**
   * p starting at 0, moved by ADA's rule.
   *
   * @param batchSize real images per D update
   */
  public static AdaptiveAugmentation adaptive(Ops tf, Settings settings, int batchSize) {
    if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1");
    return new AdaptiveAugmentation(tf, 0f, settings, (float) settings.step(batchSize));
  }

  /** p fixed at {@code p} ({@link #adjust} still records r_t, for the logs). */
  public static AdaptiveAugmentation fixed(Ops tf, float p) {
    if (!(p >= 0f && p <= 1f))
      throw new IllegalArgumentException(
          "the augmentation probability must be in [0, 1], got " + p);
    return new AdaptiveAugmentation(tf, p, null, 0f);
  }

  public boolean isAdaptive() {
    return settings != null;
  }

  /** D updates between adjustments (1 for a fixed p: r_t is then recorded every update). */
  public int interval() {
    return settings == null ? 1 : settings.interval();
  }

  /** True if {@link #adjust} should run after the D update that makes {@code dUpdates} in all. */
  public boolean adjustsAfter(long dUpdates) {
    return dUpdates > 0 && dUpdates % interval() == 0;
  }

  /** p: float32 scalar, for {@link DiffAugment#apply}. */
  public Operand<TFloat32> p() {
    return p;
  }

  /** The last r_t (0 before the first adjustment): float32 scalar, for the logs. */
  public Operand<TFloat32> rt() {
    return rt;
  }

  /**
   * Adds the signs of D's logits on the real batch of one D update to the running sum; run it with
   * that update (the logits it computed, on the augmented real images as D saw them).
   */
  public Op accumulate(Ops tf, Operand<TFloat32> realLogits) {
    var signs = tf.math.sign(tf.stopGradient(realLogits));
    var sum = tf.reduceSum(signs, tf.range(tf.constant(0), tf.rank(signs), tf.constant(1)));
    var count = tf.dtypes.cast(tf.size(signs), TFloat32.class);
    return tf.withControlDependencies(
            List.of(tf.assignAdd(signSum, sum), tf.assignAdd(signCount, count)))
        .noOp();
  }

  /**
   * r_t from the signs gathered since the last adjustment, p moved by it (adaptive only), the sums
   * reset. With nothing gathered, p and r_t stay as they are.
   */
  public Op adjust(Ops tf) {
    var gathered = tf.dtypes.cast(tf.math.greater(signCount, tf.constant(0f)), TFloat32.class);
    var mean = tf.math.div(signSum, tf.math.maximum(signCount, tf.constant(1f)));
    // gathered·mean + (1 − gathered)·rt: the old r_t when nothing was gathered.
    var newRt =
        tf.math.add(
            tf.math.mul(gathered, mean), tf.math.mul(tf.math.sub(tf.constant(1f), gathered), rt));
    var move =
        tf.math.mul(
            tf.math.mul(tf.math.sign(tf.math.sub(newRt, tf.constant((float) target()))), gathered),
            tf.constant(step));
    var newP = tf.clipByValue(tf.math.add(p, move), tf.constant(0f), tf.constant(1f));
    var setP = tf.assign(p, newP);
    var setRt = tf.assign(rt, newRt);
    // The sums are cleared only after r_t and p have read them.
    var after = tf.withControlDependencies(List.of(setP, setRt));
    return tf.withControlDependencies(
            List.of(
                after.assign(signSum, tf.constant(0f)), after.assign(signCount, tf.constant(0f))))
        .noOp();
  }

  private double target() {
    return settings == null ? 0 : settings.target();
  }

  /** How far p moves at one adjustment (0 for a fixed p). */
  public float step() {
    return step;
  }
}
