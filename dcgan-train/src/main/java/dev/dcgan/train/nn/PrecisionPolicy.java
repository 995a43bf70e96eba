package dev.dcgan.train.nn;

import java.util.Objects;
import java.util.Set;

/**
 * What the layers of one network compute in: {@code precision}, except the layers named in {@code
 * float32Layers}, which compute in float32, as a Keras layer given {@code dtype="float32"} does
 * inside a mixed-precision model. A bf16 run keeps there the layers whose bfloat16 kernels this
 * machine's TensorFlow computes wrongly ({@link BFloat16Kernels}).
 *
 * @param float32Layers layer names within the network, e.g. {@code conv0}
 */
public record PrecisionPolicy(Precision precision, Set<String> float32Layers) {
  public PrecisionPolicy {
    Objects.requireNonNull(precision, "precision");
    float32Layers = Set.copyOf(float32Layers);
  }

  /** Every layer in {@code precision}. */
  public static PrecisionPolicy of(Precision precision) {
    return new PrecisionPolicy(precision, Set.of());
  }

  /** The precision of the layer named {@code layer}. */
  public Precision of(String layer) {
    return float32Layers.contains(layer) ? Precision.FP32 : precision;
  }
}
