package dev.dcgan.train.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Batch normalisation over the last axis of [N, C] or [N, H, W, C] (Ioffe and Szegedy).
 *
 * <p>Training normalises with the batch's statistics and yields an op that moves the running mean
 * and variance towards them; inference normalises with the running statistics. The train step runs
 * those update ops, which is why {@link #apply} collects them. Defaults are Keras's (momentum 0.99,
 * epsilon 1e-3), which the TensorFlow DCGAN tutorial uses.
 *
 * <p>A class-conditional batch norm (de Vries et al. 2017) has a row of gamma and beta per class,
 * [classes, C], and scales and shifts each example by its label's rows; the normalisation and the
 * running statistics are shared by all classes.
 */
public final class BatchNorm {
  public static final float MOMENTUM = 0.99f;
  public static final float EPSILON = 1e-3f;

  private final Variable<TFloat32> gamma;
  private final Variable<TFloat32> beta;
  private final Variable<TFloat32> movingMean;
  private final Variable<TFloat32> movingVariance;
  private final long channels;
  private final long classes; // 0: one gamma and beta for all examples
  private final CrossReplicaMean crossReplica; // null: this replica's own batch statistics

  public BatchNorm(Variables vars, String name, long channels) {
    this(vars, name, channels, 0);
  }

  /**
   * @param classes > 0: class-conditional, gamma and beta [classes, channels] picked by label
   */
  public BatchNorm(Variables vars, String name, long channels, long classes) {
    if (classes < 0) throw new IllegalArgumentException("classes must be >= 0, got " + classes);
    this.channels = channels;
    this.classes = classes;
    this.crossReplica = vars.batchStatistics();
    Shape affine = classes > 0 ? Shape.of(classes, channels) : Shape.of(channels);
    gamma = vars.trainable(name, "gamma", affine, Init.ONES);
    beta = vars.trainable(name, "beta", affine, Init.ZEROS);
    movingMean = vars.state(name, "moving_mean", Shape.of(channels), Init.ZEROS);
    movingVariance = vars.state(name, "moving_variance", Shape.of(channels), Init.ONES);
  }

  /** Normalises x; in training, adds the op that moves the statistics to {@code updates}. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Mode mode, List<Op> updates) {
    return apply(tf, x, null, mode, updates);
  }

  /**
   * Normalises x, scaled and shifted by each example's class rows if this batch norm is
   * class-conditional ({@code labels} int64 [N]; null otherwise).
   */
  public Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> x, Operand<TInt64> labels, Mode mode, List<Op> updates) {
    if ((classes > 0) != (labels != null))
      throw new IllegalArgumentException(
          classes > 0
              ? "a class-conditional batch norm needs labels"
              : "this batch norm is not class-conditional: it takes no labels");
    boolean flat = x.shape().numDimensions() == 2;
    // The fused kernel wants NHWC: view [N, C] as [N, 1, 1, C].
    Operand<TFloat32> x4 = flat ? tf.reshape(x, tf.constant(new long[] {-1, 1, 1, channels})) : x;
    if (classes > 0) {
      // Normalise without an affine part, then apply the label's rows, viewed as [N, 1, 1, C].
      var unit =
          normalise(
              tf,
              x4,
              tf.fill(tf.constant(new long[] {channels}), tf.constant(1f)),
              tf.fill(tf.constant(new long[] {channels}), tf.constant(0f)),
              mode,
              updates);
      var shape = tf.constant(new long[] {-1, 1, 1, channels});
      var g = tf.reshape(tf.gather(gamma, labels, tf.constant(0)), shape);
      var b = tf.reshape(tf.gather(beta, labels, tf.constant(0)), shape);
      Operand<TFloat32> y = tf.math.add(tf.math.mul(unit, g), b);
      return flat ? tf.reshape(y, tf.constant(new long[] {-1, channels})) : y;
    }
    Operand<TFloat32> y = normalise(tf, x4, gamma, beta, mode, updates);
    return flat ? tf.reshape(y, tf.constant(new long[] {-1, channels})) : y;
  }

  private Operand<TFloat32> normalise(
      Ops tf,
      Operand<TFloat32> x4,
      Operand<TFloat32> gamma,
      Operand<TFloat32> beta,
      Mode mode,
      List<Op> updates) {
    if (mode == Mode.TRAIN && crossReplica != null)
      return synchronised(tf, x4, gamma, beta, updates);
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
    return bn.y();
  }

  /**
   * Training with the statistics of the whole global batch (synchronised batch norm): the mean and
   * the mean square of every replica's batch, averaged over the replicas (equal shards), give the
   * global mean and (biased) variance; the average is differentiable, so the gradients are those of
   * one process normalising the global batch.
   */
  private Operand<TFloat32> synchronised(
      Ops tf,
      Operand<TFloat32> x4,
      Operand<TFloat32> gamma,
      Operand<TFloat32> beta,
      List<Op> updates) {
    var axes = tf.constant(new int[] {0, 1, 2});
    var mean = crossReplica.mean(tf, tf.math.mean(x4, axes));
    var meanSquare = crossReplica.mean(tf, tf.math.mean(tf.math.square(x4), axes));
    var variance = tf.math.maximum(tf.math.sub(meanSquare, tf.math.square(mean)), tf.constant(0f));
    var scale = tf.math.mul(tf.math.rsqrt(tf.math.add(variance, tf.constant(EPSILON))), gamma);
    var y = tf.math.add(tf.math.mul(tf.math.sub(x4, mean), scale), beta);
    // The running variance is the unbiased one, over the global batch's n values a channel.
    var perReplica =
        tf.math.div(tf.dtypes.cast(tf.size(x4), TFloat32.class), tf.constant((float) channels));
    var n = tf.math.mul(perReplica, tf.constant((float) crossReplica.replicas()));
    var unbiased =
        tf.math.mul(
            variance,
            tf.math.div(n, tf.math.maximum(tf.math.sub(n, tf.constant(1f)), tf.constant(1f))));
    updates.add(movingAverageUpdate(tf, mean, unbiased));
    return y;
  }

  private Op movingAverageUpdate(Ops tf, FusedBatchNorm<TFloat32, TFloat32> bn) {
    return movingAverageUpdate(tf, bn.batchMean(), bn.batchVariance());
  }

  private Op movingAverageUpdate(
      Ops tf, Operand<TFloat32> batchMean, Operand<TFloat32> batchVariance) {
    // moving = moving * m + batch * (1 - m); the batch variance is the unbiased one, as in Keras.
    var m = tf.constant(MOMENTUM);
    var oneMinusM = tf.constant(1f - MOMENTUM);
    var mean =
        tf.assign(
            movingMean, tf.math.add(tf.math.mul(movingMean, m), tf.math.mul(batchMean, oneMinusM)));
    var variance =
        tf.assign(
            movingVariance,
            tf.math.add(tf.math.mul(movingVariance, m), tf.math.mul(batchVariance, oneMinusM)));
    return tf.withControlDependencies(mean, variance).noOp();
  }
}
