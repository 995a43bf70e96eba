package dev.dcgan.train.model;

import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Variables;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * G: z [N, latent] -> images [N, H, W, C] in [-1, 1] (tanh); a class-conditional G also takes one
 * int64 label per row of z.
 */
public interface Generator {
  /**
   * The network name of the EMA generator's shadow variables, {@code generator_ema.<layer>.<name>}
   * beside G's {@code generator.<layer>.<name>}: part of the checkpoint contract.
   */
  String EMA_NETWORK = "generator_ema";

  /** G(z) of an unconditional G. */
  default Forward forward(Ops tf, Operand<TFloat32> z, Mode mode) {
    return forward(tf, z, null, mode);
  }

  /**
   * G(z, labels): {@code labels} int64 [N] for a G whose batch norms are class-conditional, null
   * otherwise.
   *
   * @throws IllegalArgumentException if labels are given to a G that takes none, or missing
   */
  Forward forward(Ops tf, Operand<TFloat32> z, Operand<TInt64> labels, Mode mode);

  /**
   * The categorical latent code G reads off each row of z, int64 [N] (see {@link LatentCode}); null
   * for a G without one.
   */
  default Operand<TInt64> latentCode(Ops tf, Operand<TFloat32> z) {
    return null;
  }

  Variables variables();

  /**
   * The weight layers' geometry, input layer first, as the layers describe themselves: what the
   * benchmark counts multiply-accumulates from.
   */
  java.util.List<dev.dcgan.train.nn.LayerShape> layers();

  /**
   * Multiply-accumulates per image of each weight layer's forward pass, input layer first, padding
   * taps included (the analytic count).
   */
  default java.util.List<Long> layerMacs() {
    return layers().stream().map(dev.dcgan.train.nn.LayerShape::analyticMacs).toList();
  }
}
