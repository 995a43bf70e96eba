package dev.dcgan.train.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** The networks work in [-1, 1] (G's tanh); images come in as uint8 and go out in [0, 1]. */
public final class PixelRange {
  private PixelRange() {}

  /** uint8 [0, 255] -> float [-1, 1]. */
  public static Operand<TFloat32> fromBytes(Ops tf, Operand<TUint8> images) {
    return tf.math.sub(
        tf.math.mul(tf.dtypes.cast(images, TFloat32.class), tf.constant(2f / 255f)),
        tf.constant(1f));
  }

  /** [-1, 1] -> [0, 1]. */
  public static Operand<TFloat32> toImageRange(Ops tf, Operand<TFloat32> x) {
    return tf.math.mul(tf.math.add(x, tf.constant(1f)), tf.constant(0.5f));
  }
}
