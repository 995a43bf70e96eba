package dev.dcgan.train.training;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What happens to a network's gradients between {@code tf.gradients} and the optimizer's update:
 * nothing in one process ({@link #IDENTITY}); in a data-parallel run, their mean over the workers.
 * One gradient in, one out, in the variables' order.
 */
@FunctionalInterface
public interface GradientTransform {
  GradientTransform IDENTITY = (tf, gradients) -> gradients;

  List<Operand<TFloat32>> apply(Ops tf, List<Operand<TFloat32>> gradients);
}
