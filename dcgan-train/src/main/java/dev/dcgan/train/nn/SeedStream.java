package dev.dcgan.train.nn;

import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Seeds for the stateless random ops of one graph: each use gets [stepKey, its own index], where
 * stepKey is fed every step. A run is thus reproducible from its seed and step count.
 */
public final class SeedStream {
  private final Operand<TInt64> stepKey; // int64 scalar
  private final int shard;
  private final int shards;
  private long next;

  public SeedStream(Operand<TInt64> stepKey) {
    this(stepKey, 0, 1);
  }

  /**
   * The stream of worker {@code shard} of {@code shards} in a data-parallel run, whose batch is
   * that shard of the global batch: its {@link #perExample} draws are its rows of the global
   * batch's, so that the workers together draw what one process would.
   */
  public SeedStream(Operand<TInt64> stepKey, int shard, int shards) {
    if (shards < 1 || shard < 0 || shard >= shards)
      throw new IllegalArgumentException("shard " + shard + " of " + shards + " does not exist");
    this.stepKey = stepKey;
    this.shard = shard;
    this.shards = shards;
  }

  /**
   * A draw of one row per example of the batch ({@code batch}: its size, int64 [1]), such as z:
   * {@code draw} makes it for a given number of rows. One process draws its batch's rows; a
   * data-parallel worker draws the global batch's and keeps its shard's rows.
   */
  public <T extends TType> Operand<T> perExample(
      Ops tf, Operand<TInt64> batch, Function<Operand<TInt64>, Operand<T>> draw) {
    if (shards == 1) return draw.apply(batch);
    var all = draw.apply(tf.math.mul(batch, tf.constant(new long[] {shards})));
    var n = tf.reshape(batch, tf.constant(new long[0]));
    var first = tf.math.mul(n, tf.constant((long) shard));
    return tf.gather(all, tf.range(first, tf.math.add(first, n), tf.constant(1L)), tf.constant(0));
  }

  /** A fresh int64[2] seed, distinct from every other this stream has given. */
  public Operand<TInt64> next(Ops tf) {
    return tf.stack(java.util.List.of(stepKey, tf.constant(next++)));
  }
}
