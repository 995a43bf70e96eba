package dev.dcgan.train.util;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * TF Java 1.1.0's Adam, with its β-power updates made to wait for the variable updates that read
 * them: {@code Adam.finish} multiplies β1^t and β2^t without a control dependency on the {@code
 * ApplyAdam} ops, so within one {@code Session.run} an update may see β^t or β^(t+1). Same
 * variables, same names: checkpoints are interchangeable with plain Adam's.
 */
public final class OrderedAdam extends Adam {
  private final float beta1;
  private final float beta2;

  public OrderedAdam(
      Graph graph, String name, float learningRate, float beta1, float beta2, float epsilon) {
    super(graph, name, learningRate, beta1, beta2, epsilon);
    this.beta1 = beta1;
    this.beta2 = beta2;
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
