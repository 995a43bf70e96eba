package dev.dcgan.train.nn;

import java.util.Arrays;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * The type the layers' convolutions and matrix products compute in, as Keras' mixed-precision
 * policies: variables, optimizer slots, batch norm and the loss stay float32 whatever it is.
 *
 * <p>With {@link #BF16} a layer casts its input and its float32 kernel to bfloat16 right before the
 * op and the product back to float32 right after it (bias, batch norm and activations in float32).
 * The gradient flows back through the casts, so the float32 weights receive float32 gradients of a
 * bfloat16 product: the kernels that dominate a step (Conv2D, its two backprops, MatMul) run at
 * bfloat16's rate, with float32 accumulation in oneDNN.
 */
public enum Precision {
  FP32("fp32"),
  BF16("bf16");

  private final String id;

  Precision(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** "fp32" or "bf16" (case-insensitive); null for anything else. */
  public static Precision parse(String s) {
    if (s == null) return null;
    String lower = s.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.id.equals(lower)).findFirst().orElse(null);
  }

  /** "fp32|bf16", for usage messages. */
  public static String ids() {
    return String.join("|", Arrays.stream(values()).map(Precision::id).toList());
  }

  /** A product of two operands, written once for any number type (a conv, a matmul). */
  @FunctionalInterface
  public interface Product {
    <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> a, Operand<T> b);
  }

  /** {@code product(a, b)} computed in this precision; float32 in and out. */
  public Operand<TFloat32> compute(
      Ops tf, Operand<TFloat32> a, Operand<TFloat32> b, Product product) {
    if (this == FP32) return product.apply(tf, a, b);
    Operand<TBfloat16> y =
        product.apply(tf, tf.dtypes.cast(a, TBfloat16.class), tf.dtypes.cast(b, TBfloat16.class));
    return tf.dtypes.cast(y, TFloat32.class);
  }
}
