package dev.dcgan.train.augment;

import java.util.Locale;
import java.util.Objects;
import org.tensorflow.op.Ops;

/**
 * A run's augmentation of what D sees, as its options give it: the {@link DiffAugment} policies and
 * how often they apply ({@link Probability}: a fixed p, or ADA's adaptive p steering r_t to {@code
 * target}). {@code TrainingGraph} builds it into D's input.
 *
 * @param policy the functions applied (none: augmentation off, and nothing is added to the graph)
 * @param probability p fixed, or adaptive
 * @param target the r_t an adaptive p steers to (ADA's 0.6)
 * @param batchSize real images per D update (how far an adaptive p moves at each adjustment)
 */
public record Augmentation(
    DiffAugment policy, Probability probability, double target, int batchSize) {

  /** Off: D sees the batches as they are. */
  public static final Augmentation NONE =
      new Augmentation(
          DiffAugment.parse("none"),
          Probability.ALWAYS,
          AdaptiveAugmentation.Settings.DEFAULT.target(),
          1);

  public Augmentation {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(probability, "probability");
    if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1");
    settings(target); // checks the target
  }

  /** Whether D's input is augmented at all. */
  public boolean on() {
    return !policy.policies().isEmpty();
  }

  /** p as variables of the graph {@code tf} builds: fixed, or adaptive from 0. */
  public AdaptiveAugmentation probabilityIn(Ops tf) {
    return probability.adaptive()
        ? AdaptiveAugmentation.adaptive(tf, settings(target), batchSize)
        : AdaptiveAugmentation.fixed(tf, probability.fixed());
  }

  private static AdaptiveAugmentation.Settings settings(double target) {
    var d = AdaptiveAugmentation.Settings.DEFAULT;
    return new AdaptiveAugmentation.Settings(target, d.interval(), d.kimg());
  }

  /**
   * How often each augmentation function applies to each image: {@code auto} (ADA: p starts at 0
   * and follows D's overfitting) or a fixed p in [0, 1] (1: the DiffAugment paper's always-on).
   *
   * @param adaptive ADA's p
   * @param fixed p when not adaptive
   */
  public record Probability(boolean adaptive, float fixed) {
    /** DiffAugment's p = 1. */
    public static final Probability ALWAYS = new Probability(false, 1f);

    /** ADA's adaptive p. */
    public static final Probability AUTO = new Probability(true, 0f);

    public Probability {
      if (!(fixed >= 0f && fixed <= 1f))
        throw new IllegalArgumentException(
            "the augmentation probability must be in [0, 1], got " + fixed);
      if (adaptive && fixed != 0f)
        throw new IllegalArgumentException("an adaptive probability has no fixed value");
    }

    /** "auto" or a number in [0, 1]. */
    public static Probability parse(String text) {
      String s = text.strip().toLowerCase(Locale.ROOT);
      if (s.equals("auto")) return AUTO;
      float p;
      try {
        p = Float.parseFloat(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--augment-p takes auto or a probability in [0, 1], got '" + text.strip() + "'");
      }
      if (!(p >= 0f && p <= 1f))
        throw new IllegalArgumentException(
            "--augment-p takes auto or a probability in [0, 1], got " + text.strip());
      return new Probability(false, p);
    }

    @Override
    public String toString() {
      return adaptive ? "auto" : Float.toString(fixed);
    }
  }
}
