package dev.dcgan.train.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Batch normalisation over the last axis of [N, C] or [N, H, W, C] (Ioffe and Szegedy).
 *
 * <p>Training normalises with the batch's statistics and yields an op that moves the running mean
 * and variance towards them; inference normalises with the running statistics. The train step runs
 * those update ops, which is why {@link #apply} collects them. Defaults are Keras's (momentum 0.99,
 * epsilon 1e-3), which the TensorFlow DCGAN tutorial uses.
 */
public final class BatchNorm {
  public static final float MOMENTUM = 0.99f;
  public static final float EPSILON = 1e-3f;

  private final Variable<TFloat32> gamma;
  private final Variable<TFloat32> beta;
  private final Variable<TFloat32> movingMean;
  private final Variable<TFloat32> movingVariance;
  private final long channels;

  public BatchNorm(Variables vars, String name, long channels) {
    this.channels = channels;
    gamma = vars.trainable(name, "gamma", Shape.of(channels), Init.ONES);
    beta = vars.trainable(name, "beta", Shape.of(channels), Init.ZEROS);
    movingMean = vars.state(name, "moving_mean", Shape.of(channels), Init.ZEROS);
    movingVariance = vars.state(name, "moving_variance", Shape.of(channels), Init.ONES);
  }

  /** Normalises x; in training, adds the op that moves the statistics to {@code updates}. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Mode mode, List<Op> updates) {
    boolean flat = x.shape().numDimensions() == 2;
    // The fused kernel wants NHWC: view [N, C] as [N, 1, 1, C].
    Operand<TFloat32> x4 = flat ? tf.reshape(x, tf.constant(new long[] {-1, 1, 1, channels})) : x;
    FusedBatchNorm<TFloat32, TFloat32> bn;
    if (mode == Mode.TRAIN) {
      Operand<TFloat32> none = tf.constant(new float[0]);
      bn =
          tf.nn.fusedBatchNorm(
              x4,
              gamma,
              beta,
              none,
              none,
              FusedBatchNorm.isTraining(true),
              FusedBatchNorm.epsilon(EPSILON));
      updates.add(movingAverageUpdate(tf, bn));
    } else {
      bn =
          tf.nn.fusedBatchNorm(
              x4,
              gamma,
              beta,
              movingMean,
              movingVariance,
              FusedBatchNorm.isTraining(false),
              FusedBatchNorm.epsilon(EPSILON));
    }
    return flat ? tf.reshape(bn.y(), tf.constant(new long[] {-1, channels})) : bn.y();
  }

  private Op movingAverageUpdate(Ops tf, FusedBatchNorm<TFloat32, TFloat32> bn) {
    // moving = moving * m + batch * (1 - m); the batch variance is the unbiased one, as in Keras.
    var m = tf.constant(MOMENTUM);
    var oneMinusM = tf.constant(1f - MOMENTUM);
    var mean =
        tf.assign(
            movingMean,
            tf.math.add(tf.math.mul(movingMean, m), tf.math.mul(bn.batchMean(), oneMinusM)));
    var variance =
        tf.assign(
            movingVariance,
            tf.math.add(
                tf.math.mul(movingVariance, m), tf.math.mul(bn.batchVariance(), oneMinusM)));
    return tf.withControlDependencies(mean, variance).noOp();
  }
}
