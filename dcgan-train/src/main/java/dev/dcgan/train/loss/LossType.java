package dev.dcgan.train.loss;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The losses {@code --loss} names. A new loss is one {@link GanLoss} class and one constant. */
public enum LossType {
  /** Goodfellow et al.'s non-saturating loss; D(x), D(G(z)) are mean probabilities. */
  NON_SATURATING(new NonSaturatingLoss()),
  /** The original minimax game; D(x), D(G(z)) are mean probabilities. */
  MINIMAX(new MinimaxLoss()),
  /** LSGAN; D(x), D(G(z)) are mean raw scores (targets 1 and 0). */
  LEAST_SQUARES(new LeastSquaresLoss()),
  /** SNGAN's hinge loss; D(x), D(G(z)) are mean raw critic scores. */
  HINGE(new HingeLoss()),
  /** WGAN-GP, λ = 10, a critic without batch norm; D(x), D(G(z)) are mean raw critic scores. */
  WASSERSTEIN_GP(new WassersteinGpLoss());

  private final GanLoss loss;

  LossType(GanLoss loss) {
    this.loss = loss;
  }

  public GanLoss loss() {
    return loss;
  }

  /** The name on the command line and in config.json: {@code non-saturating}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** "non-saturating, ...": for help texts and error messages. */
  public static String ids() {
    return Arrays.stream(values()).map(LossType::id).collect(Collectors.joining(", "));
  }

  public static LossType parse(String s) {
    for (var t : values()) if (t.id().equals(s.toLowerCase(Locale.ROOT))) return t;
    throw new IllegalArgumentException("unknown loss '" + s + "' (known: " + ids() + ")");
  }
}
