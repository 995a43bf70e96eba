package dev.dcgan.train.model;

import dev.dcgan.train.nn.Labels;
import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.SeedStream;
import dev.dcgan.train.nn.Variables;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * D: images [N, H, W, C] in [-1, 1] -> logits [N, 1] (real > 0 > fake), and what its class head
 * adds ({@link ClassHead}, picked by the {@link LabelSource}). A class-conditional D is a
 * projection discriminator (Miyato and Koyama, 2018): logit = psi(phi(x)) + embed(y) . phi(x), phi
 * the last hidden layer, psi the unconditional logit layer, embed a learned vector per class. A D
 * for a G with a latent code also returns Q's logits for the code ({@link Forward#codeLogits()}).
 */
public interface Discriminator {
  /** The logits of a D that takes no labels. */
  default Forward forward(Ops tf, Operand<TFloat32> images, Mode mode, SeedStream seeds) {
    return forward(tf, images, Labels.NONE, mode, seeds);
  }

  /** D(x, y): {@code labels} int64 [N], one per image, for a class-conditional D. */
  Forward forward(Ops tf, Operand<TFloat32> images, Labels labels, Mode mode, SeedStream seeds);

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
