package dev.dcgan.train.model;

import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Variables;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** G: z [N, latent] -> images [N, H, W, C] in [-1, 1] (tanh). */
public interface Generator {
  /**
   * The network name of the EMA generator's shadow variables, {@code generator_ema.<layer>.<name>}
   * beside G's {@code generator.<layer>.<name>}: part of the checkpoint contract.
   */
  String EMA_NETWORK = "generator_ema";

  Forward forward(Ops tf, Operand<TFloat32> z, Mode mode);

  Variables variables();

  /** Multiply-accumulates per image of each weight layer's forward pass, input layer first. */
  java.util.List<Long> layerMacs();
}
