package dev.dcgan.train.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/**
 * Seeds for the stateless random ops of one graph: each use gets [stepKey, its own index], where
 * stepKey is fed every step. A run is thus reproducible from its seed and step count.
 */
public final class SeedStream {
  private final Operand<TInt64> stepKey; // int64 scalar
  private long next;

  public SeedStream(Operand<TInt64> stepKey) {
    this.stepKey = stepKey;
  }

  /** A fresh int64[2] seed, distinct from every other this stream has given. */
  public Operand<TInt64> next(Ops tf) {
    return tf.stack(java.util.List.of(stepKey, tf.constant(next++)));
  }
}
