package dev.dcgan.train.training;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Shadow variables that follow their variables as an exponential moving average, as TensorFlow's
 * {@code tf.train.ExponentialMovingAverage} with {@code num_updates}:
 *
 * <pre>
 *   shadow ← d·shadow + (1 − d)·variable,   d = min(decay, (1 + t) / (10 + t))
 * </pre>
 *
 * t counts the updates before this one and is a variable ({@code <name>.num_updates}), so it
 * checkpoints with the shadows. The warm-up keeps the early average from clinging to the random
 * initial weights: d is 0.1 at the first update, 0.5 at the ninth, and reaches 0.999 only after
 * about 9000.
 */
public final class ExponentialMovingAverage {
  private final float decay;
  private final Variable<TInt64> updates;

  /**
   * @param name the prefix of the counter's name
   * @param decay in [0, 1): the weight of the old average at steady state
   */
  public ExponentialMovingAverage(Ops tf, String name, float decay) {
    if (!(decay >= 0f && decay < 1f))
      throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + decay);
    this.decay = decay;
    updates = tf.withName(name + ".num_updates").variable(tf.withInitScope().constant(0L));
  }

  /**
   * The op that moves each shadow towards its variable, then counts the update. Build it with
   * {@code tf} under control dependencies on the update it follows, so it reads the new values.
   */
  public Op update(Ops tf, List<Variable<TFloat32>> shadows, List<Variable<TFloat32>> variables) {
    if (shadows.size() != variables.size())
      throw new IllegalArgumentException(
          shadows.size() + " shadows for " + variables.size() + " variables");
    var t = tf.dtypes.cast(updates, TFloat32.class);
    var warmUp = tf.math.div(tf.math.add(t, tf.constant(1f)), tf.math.add(t, tf.constant(10f)));
    var oneMinusD = tf.math.sub(tf.constant(1f), tf.math.minimum(tf.constant(decay), warmUp));
    var moves = new ArrayList<Op>();
    for (int i = 0; i < shadows.size(); i++) {
      var shadow = shadows.get(i);
      // shadow − (1 − d)(shadow − variable) = d·shadow + (1 − d)·variable
      moves.add(
          tf.assignSub(shadow, tf.math.mul(tf.math.sub(shadow, variables.get(i)), oneMinusD)));
    }
    // Count only after every shadow has read t.
    var count = tf.withControlDependencies(moves).assignAdd(updates, tf.constant(1L));
    return tf.withControlDependencies(List.of(count)).noOp();
  }

  /** t: the updates so far. */
  public Variable<TInt64> updates() {
    return updates;
  }
}
