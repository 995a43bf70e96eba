package dev.dcgan.train.model;

import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.SeedStream;
import dev.dcgan.train.nn.Variables;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * D: images [N, H, W, C] in [-1, 1] -> logits [N, 1] (real > 0 > fake). A class-conditional D is a
 * projection discriminator (Miyato and Koyama, 2018): logit = psi(phi(x)) + embed(y) . phi(x), phi
 * the last hidden layer, psi the unconditional logit layer, embed a learned vector per class.
 */
public interface Discriminator {
  /** An unconditional D's logits. */
  default Forward forward(Ops tf, Operand<TFloat32> images, Mode mode, SeedStream seeds) {
    return forward(tf, images, null, mode, seeds);
  }

  /**
   * D(x, y): {@code labels} int64 [N], one per image, for a conditional D; null for an
   * unconditional one.
   */
  Forward forward(
      Ops tf, Operand<TFloat32> images, Operand<TInt64> labels, Mode mode, SeedStream seeds);

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
