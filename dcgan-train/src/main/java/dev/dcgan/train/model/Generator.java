package dev.dcgan.train.model;

import dev.dcgan.train.nn.Labels;
import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Variables;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * G: z [N, latent] -> images [N, H, W, C] in [-1, 1] (tanh). Each architecture has one G class,
 * built with a {@link LabelSource} and a {@link dev.dcgan.train.nn.Normalisation} picked from the
 * spec: a class-conditional G also takes one int64 label per row of z; a G with a latent code reads
 * its label off z and takes none.
 */
public interface Generator {
  /**
   * The network name of the EMA generator's shadow variables, {@code generator_ema.<layer>.<name>}
   * beside G's {@code generator.<layer>.<name>}: part of the checkpoint contract.
   */
  String EMA_NETWORK = "generator_ema";

  /** G(z) of a G that takes no labels. */
  default Forward forward(Ops tf, Operand<TFloat32> z, Mode mode) {
    return forward(tf, z, Labels.NONE, mode);
  }

  /** G(z, labels) of a class-conditional G; {@code labels} int64 [N]. */
  default Forward forward(Ops tf, Operand<TFloat32> z, Operand<TInt64> labels, Mode mode) {
    return forward(tf, z, Labels.of(labels), mode);
  }

  /**
   * G(z, labels), the labels as its callers feed them ({@link LabelSource#fed()}).
   *
   * @throws IllegalArgumentException if labels are given to a G that takes none, or missing
   */
  Forward forward(Ops tf, Operand<TFloat32> z, Labels labels, Mode mode);

  /** Where G's label comes from. */
  LabelSource labelSource();

  Variables variables();

  /**
   * The weight layers' geometry, input layer first, as the layers describe themselves: what the
   * benchmark counts multiply-accumulates from.
   */
  List<LayerShape> layers();

  /**
   * Multiply-accumulates per image of each weight layer's forward pass, input layer first, padding
   * taps included (the analytic count).
   */
  default List<Long> layerMacs() {
    return layers().stream().map(LayerShape::analyticMacs).toList();
  }
}
