package dev.dcgan.train.model;

import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.SeedStream;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The first stage of a GAN: both networks and their training-mode forward passes on one batch. The
 * loss reads the logits from here, the train ops the state updates (batch-norm statistics, and
 * whatever else D's layers keep).
 *
 * @param generator G
 * @param discriminator D
 * @param seeds the step's random stream (z, dropout, and a loss's own draws)
 * @param real the real batch in [-1, 1]
 * @param generated G(z) for fresh z, with G's state updates
 * @param fake G(z) held constant ({@code stopGradient}): what D's update sees
 * @param realScores D(real), with D's state updates
 * @param fakeScores D(fake), with D's state updates
 */
public record GanModel(
    Generator generator,
    Discriminator discriminator,
    SeedStream seeds,
    Operand<TFloat32> real,
    Forward generated,
    Operand<TFloat32> fake,
    Forward realScores,
    Forward fakeScores) {

  /** Draws z for as many fakes as there are real images, and runs G once and D on both. */
  public static GanModel build(
      Ops tf,
      Generator generator,
      Discriminator discriminator,
      Operand<TFloat32> real,
      int latentSize,
      SeedStream seeds) {
    Operand<TInt64> batch = tf.shape.size(real, tf.constant(0L), TInt64.class); // [1]
    Operand<TFloat32> z =
        tf.random.statelessRandomNormal(
            tf.concat(List.of(batch, tf.constant(new long[] {latentSize})), tf.constant(0)),
            seeds.next(tf));
    var generated = generator.forward(tf, z, Mode.TRAIN);
    var fake = tf.stopGradient(generated.output());
    var realScores = discriminator.forward(tf, real, Mode.TRAIN, seeds);
    var fakeScores = discriminator.forward(tf, fake, Mode.TRAIN, seeds);
    return new GanModel(
        generator, discriminator, seeds, real, generated, fake, realScores, fakeScores);
  }

  /** D on other images, in training mode, drawing from the step's stream (a penalty's inputs). */
  public Forward discriminate(Ops tf, Operand<TFloat32> images) {
    return discriminator.forward(tf, images, Mode.TRAIN, seeds);
  }

  /** The state updates of D's two passes, run with D's update. */
  public List<Op> discriminatorUpdates() {
    var all = new ArrayList<>(realScores.updates());
    all.addAll(fakeScores.updates());
    return all;
  }
}
