package dev.dcgan.train.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Inverted dropout: in training, zero each unit with probability {@code rate} and scale the rest by
 * 1/(1-rate); in inference, the identity.
 *
 * <p>The mask comes from a stateless random op whose seed is fed each step, so a run is
 * reproducible from its seed and step count alone (which is what makes resuming exact).
 */
public final class Dropout {
  private final float rate;

  public Dropout(float rate) {
    if (!(rate >= 0f && rate < 1f))
      throw new IllegalArgumentException("dropout rate must be in [0, 1): " + rate);
    this.rate = rate;
  }

  /**
   * @param seed int64[2], distinct for every application in a step
   */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Mode mode, Operand<TInt64> seed) {
    if (mode == Mode.INFER || rate == 0f) return x;
    float keep = 1f - rate;
    // floor(keep + U[0,1)) is 1 with probability keep, else 0.
    var uniform = tf.random.statelessRandomUniform(tf.shape(x), seed, TFloat32.class);
    var mask = tf.math.floor(tf.math.add(uniform, tf.constant(keep)));
    return tf.math.mul(x, tf.math.mul(mask, tf.constant(1f / keep)));
  }
}
