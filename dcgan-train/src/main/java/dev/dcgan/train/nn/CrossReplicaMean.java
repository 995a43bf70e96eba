package dev.dcgan.train.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The element-wise mean of a tensor over the replicas of a data-parallel run, each passing its own
 * (an all-reduce in the graph); differentiable. Synchronised batch norm averages its statistics
 * with it.
 */
public interface CrossReplicaMean {
  Operand<TFloat32> mean(Ops tf, Operand<TFloat32> x);

  /** How many replicas take part. */
  int replicas();
}
