package dev.dcgan.train.util;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
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
    return minimise(tf, optimizer, loss, vars, stateUpdates, name, (t, grads) -> grads);
  }

  /**
   * As above, with {@code transform} applied to the gradients before the update (the seam of
   * data-parallel training, which averages them over the workers).
   */
  public static Op minimise(
      Ops tf,
      Optimizer optimizer,
      Operand<TFloat32> loss,
      List<Variable<TFloat32>> vars,
      List<Op> stateUpdates,
      String name,
      BiFunction<Ops, List<Operand<TFloat32>>, List<Operand<TFloat32>>> transform) {
    var grads = tf.gradients(loss, vars);
    var dy = new ArrayList<Operand<TFloat32>>();
    for (int i = 0; i < vars.size(); i++) dy.add(grads.<TFloat32>dy(i));
    var transformed = transform.apply(tf, dy);
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
