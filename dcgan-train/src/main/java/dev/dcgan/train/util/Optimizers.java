package dev.dcgan.train.util;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/** Updating some of a graph's variables, where {@code Optimizer.minimize} would update them all. */
public final class Optimizers {
  private Optimizers() {}

  /**
   * Gradients of {@code loss} with respect to {@code vars} only, applied by {@code optimizer}; the
   * returned op also runs {@code stateUpdates} (batch-norm statistics). {@code Optimizer.minimize}
   * would differentiate with respect to every variable in the graph, which is wrong for a GAN.
   */
  public static Op minimise(
      Ops tf,
      Optimizer optimizer,
      Operand<TFloat32> loss,
      List<Variable<TFloat32>> vars,
      List<Op> stateUpdates,
      String name) {
    return minimise(tf, optimizer, loss, vars, stateUpdates, name, GradientTransform.IDENTITY);
  }

  /**
   * What happens to the gradients between {@code tf.gradients} and {@code applyGradients}: the seam
   * for a hook such as a distributed all-reduce (each worker's gradients replaced by their mean
   * over the workers) or clipping. It returns one gradient per variable, in the variables' order.
   */
  @FunctionalInterface
  public interface GradientTransform {
    /** The gradients as they are: no op is added. */
    GradientTransform IDENTITY = (tf, gradients, vars) -> gradients;

    List<Operand<TFloat32>> apply(
        Ops tf, List<Operand<TFloat32>> gradients, List<Variable<TFloat32>> vars);

    /** This transform, then {@code next} on its result. */
    default GradientTransform andThen(GradientTransform next) {
      if (next == IDENTITY) return this;
      if (this == IDENTITY) return next;
      return (tf, gradients, vars) -> next.apply(tf, apply(tf, gradients, vars), vars);
    }
  }

  /** As above, the gradients passed through {@code transform} before they are applied. */
  public static Op minimise(
      Ops tf,
      Optimizer optimizer,
      Operand<TFloat32> loss,
      List<Variable<TFloat32>> vars,
      List<Op> stateUpdates,
      String name,
      GradientTransform transform) {
    var grads = tf.gradients(loss, vars);
    List<Operand<TFloat32>> raw = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) raw.add(grads.<TFloat32>dy(i));
    var transformed = transform.apply(tf, List.copyOf(raw), vars);
    if (transformed.size() != vars.size())
      throw new IllegalStateException(
          transformed.size() + " gradients for " + vars.size() + " variables");
    List<GradAndVar<? extends TType>> pairs = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Output<TFloat32> g = transformed.get(i).asOutput();
      pairs.add(new GradAndVar<>(g, vars.get(i).asOutput()));
    }
    Op apply = optimizer.applyGradients(pairs, name + "_apply");
    var all = new ArrayList<Op>(stateUpdates);
    all.add(apply);
    return tf.withName(name).withControlDependencies(all).noOp();
  }
}
