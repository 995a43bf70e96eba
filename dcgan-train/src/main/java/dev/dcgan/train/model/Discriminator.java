package dev.dcgan.train.model;

import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.SeedStream;
import dev.dcgan.train.nn.Variables;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** D: images [N, H, W, C] in [-1, 1] -> logits [N, 1] (real > 0 > fake). */
public interface Discriminator {
  Forward forward(Ops tf, Operand<TFloat32> images, Mode mode, SeedStream seeds);

  Variables variables();

  /** Multiply-accumulates per image of each weight layer's forward pass, input layer first. */
  java.util.List<Long> layerMacs();
}
