package dev.dcgan.train.util;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyAdam;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * TF Java 1.1.0's Adam, with its β-power updates made to wait for the variable updates that read
 * them: {@code Adam.finish} multiplies β1^t and β2^t without a control dependency on the {@code
 * ApplyAdam} ops, so within one {@code Session.run} an update may see β^t or β^(t+1). Same
 * variables, same names: checkpoints are interchangeable with plain Adam's.
 *
 * <p>Optionally the learning rate is multiplied by a scalar operand evaluated at each update (a
 * schedule's factor): TF Java's Adam holds it as a constant.
 */
public final class OrderedAdam extends Adam {
  private final float learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final Operand<TFloat32> learningRateScale; // null: the constant rate

  public OrderedAdam(
      Graph graph, String name, float learningRate, float beta1, float beta2, float epsilon) {
    this(graph, name, learningRate, beta1, beta2, epsilon, null);
  }

  /**
   * @param learningRateScale float32 scalar multiplying the learning rate at each update; null: 1
   */
  public OrderedAdam(
      Graph graph,
      String name,
      float learningRate,
      float beta1,
      float beta2,
      float epsilon,
      Operand<TFloat32> learningRateScale) {
    super(graph, name, learningRate, beta1, beta2, epsilon);
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.learningRateScale = learningRateScale;
  }

  /** With Adam's default β1, β2 and ε. */
  public OrderedAdam(Graph graph, String name, float learningRate) {
    this(
        graph,
        name,
        learningRate,
        Adam.BETA_ONE_DEFAULT,
        Adam.BETA_TWO_DEFAULT,
        Adam.EPSILON_DEFAULT);
  }

  /** Adam's update (TF Java's, as it is), with the scaled learning rate when there is a scale. */
  @Override
  protected <T extends TType> Op applyDense(Ops deps, Output<T> gradient, Output<T> variable) {
    if (learningRateScale == null) return super.applyDense(deps, gradient, variable);
    Class<T> type = gradient.type();
    return deps.train.applyAdam(
        variable,
        getSlot(variable, FIRST_MOMENT).get(),
        getSlot(variable, SECOND_MOMENT).get(),
        deps.dtypes.cast(power("betaOnePower"), type),
        deps.dtypes.cast(power("betaTwoPower"), type),
        deps.dtypes.cast(deps.math.mul(deps.constant(learningRate), learningRateScale), type),
        deps.dtypes.cast(deps.constant(beta1), type),
        deps.dtypes.cast(deps.constant(beta2), type),
        deps.dtypes.cast(deps.constant(epsilon), type),
        gradient,
        ApplyAdam.useLocking(true));
  }

  @Override
  protected Op finish(List<Op> updates, String name) {
    Ops after = tf.withControlDependencies(updates);
    var all = new ArrayList<Op>(updates);
    var p1 = power("betaOnePower");
    var p2 = power("betaTwoPower");
    all.add(after.assign(p1, after.math.mul(p1, after.constant(beta1))));
    all.add(after.assign(p2, after.math.mul(p2, after.constant(beta2))));
    return tf.withName(name).withControlDependencies(all).noOp();
  }

  /** Adam keeps its β powers private; they are read here, not replaced. */
  @SuppressWarnings("unchecked")
  private Variable<TFloat32> power(String field) {
    try {
      var f = Adam.class.getDeclaredField(field);
      f.setAccessible(true);
      return (Variable<TFloat32>) f.get(this);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this TF Java's Adam has no field " + field, e);
    }
  }
}
