package dev.dcgan.train.model;

import dev.dcgan.train.nn.SeedStream;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What D sees of a batch: the seam for a transform of every batch D scores in the game, real and
 * fake, in D's update and in G's (DiffAugment, Zhao et al. 2020, is one: the same kind of random
 * augmentation on both, differentiable so G's gradient passes through it). {@link GanModel} applies
 * it to the real batch, the constant fakes and G's fakes; a loss's own inputs (a penalty's
 * interpolates) are made from the untransformed images. A transform that draws random numbers takes
 * them from {@code seeds}, which makes its draws part of the step's stream: adding one changes the
 * random numbers drawn after it, so it is a new option, never a silent default.
 */
@FunctionalInterface
public interface DiscriminatorInput {
  /** The images as D sees them: no op is added, no number drawn. */
  DiscriminatorInput IDENTITY = (tf, images, seeds) -> images;

  /** {@code images} [N, H, W, C] in [-1, 1] as D is to see them. */
  Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, SeedStream seeds);
}
