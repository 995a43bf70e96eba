package dev.dcgan.train.nn;

import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.types.TInt64;

/**
 * The class labels a forward pass is conditioned on: one int64 per example, or none. A network
 * decides once, when it is built, whether its layers read them (see {@link Normalisation} and
 * {@code model.LabelSource}); a layer that needs them asks for {@link #values}, and a network that
 * takes none says so with {@link #requireNone}.
 */
public sealed interface Labels {
  /** No labels: an unconditional pass. */
  Labels NONE = new None();

  /** {@code values}, int64 [N]: the class of each example. */
  static Labels of(Operand<TInt64> values) {
    return new Given(Objects.requireNonNull(values, "labels"));
  }

  /**
   * The labels, int64 [N].
   *
   * @throws IllegalArgumentException if there are none: {@code who} "needs labels"
   */
  Operand<TInt64> values(String who);

  /**
   * @throws IllegalArgumentException if there are labels: {@code who} "takes no labels"
   */
  void requireNone(String who);

  /** Labels given. */
  record Given(Operand<TInt64> values) implements Labels {
    @Override
    public Operand<TInt64> values(String who) {
      return values;
    }

    @Override
    public void requireNone(String who) {
      throw new IllegalArgumentException(who + " takes no labels");
    }
  }

  /** No labels. */
  record None() implements Labels {
    @Override
    public Operand<TInt64> values(String who) {
      throw new IllegalArgumentException(who + " needs labels");
    }

    @Override
    public void requireNone(String who) {}
  }
}
