package dev.dcgan.train.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Fully connected layer: [N, in] -> [N, out]. */
public final class Dense {
  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> bias; // null without bias

  public Dense(Variables vars, String name, long in, long out, boolean useBias) {
    kernel = vars.trainable(name, "kernel", Shape.of(in, out), Init.NORMAL_0_02);
    bias = useBias ? vars.trainable(name, "bias", Shape.of(out), Init.ZEROS) : null;
  }

  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> y = tf.linalg.matMul(x, kernel);
    return bias == null ? y : tf.nn.biasAdd(y, bias);
  }
}
