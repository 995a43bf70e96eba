package dev.dcgan.train.loss;

import dev.dcgan.train.model.CriticOptions;
import dev.dcgan.train.model.Forward;
import dev.dcgan.train.model.GanModel;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A GAN objective, on D's logits [N, 1]: what D minimises and what G minimises. A loss that needs
 * more than the logits (a gradient penalty needs D itself) overrides {@link #discriminator(Ops,
 * GanModel)} or {@link #generator(Ops, GanModel, Forward)}; a term added to both networks' losses
 * is a decorator of the game's loss (see {@link InformationLoss}), as TF-GAN adds its penalties
 * inside {@code gan_loss}.
 */
public interface GanLoss {
  /** D's loss on its logits for the real batch and for the (constant) fakes. */
  Operand<TFloat32> discriminator(
      Ops tf, Operand<TFloat32> realLogits, Operand<TFloat32> fakeLogits);

  /** G's loss on D's logits for its fakes. */
  Operand<TFloat32> generator(Ops tf, Operand<TFloat32> fakeLogits);

  /** D's loss for a built model; by default the loss on its logits. */
  default Operand<TFloat32> discriminator(Ops tf, GanModel model) {
    return discriminator(tf, model.realScores().output(), model.fakeScores().output());
  }

  /**
   * G's loss for a built model, on {@code fakeScores}: D's pass on G's fakes that G's update
   * differentiates through (the <em>updated</em> D's); by default the loss on its logits.
   */
  default Operand<TFloat32> generator(Ops tf, GanModel model, Forward fakeScores) {
    return generator(tf, fakeScores.output());
  }

  /**
   * What the D(x) and D(G(z)) columns of the logs show: by default the mean probability of "real",
   * sigmoid(logit); a loss whose D is not a classifier shows its mean raw score.
   */
  default Operand<TFloat32> meanScore(Ops tf, Operand<TFloat32> logits) {
    return Reductions.mean(tf, tf.math.sigmoid(logits));
  }

  /** How D must be built for this loss. */
  default CriticOptions criticOptions() {
    return CriticOptions.STANDARD;
  }
}
