package dev.dcgan.train.model;

import dev.dcgan.train.nn.Labels;
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
 * @param seen what D sees of each batch it scores ({@link DiscriminatorInput#IDENTITY}: the batch)
 * @param z the noise G draws the fakes from, [N, latent]
 * @param real the real batch in [-1, 1]
 * @param realLabels the real batch's classes, as fed ({@link LabelSource#input})
 * @param fakeLabels the classes G draws, uniform over [0, classes) from the step's stream, as D
 *     scores them ({@link LabelSource#drawFakeLabels}); none unless the labels are the data's
 * @param generated G(z) (conditional: G(z, fakeLabels)) for fresh z, with G's state updates
 * @param fake G(z) held constant ({@code stopGradient}): what D's update sees
 * @param realScores D(real) (conditional: D(real, realLabels)), with D's state updates
 * @param fakeScores D(fake) (conditional: D(fake, fakeLabels)), with D's state updates
 */
public record GanModel(
    Generator generator,
    Discriminator discriminator,
    SeedStream seeds,
    DiscriminatorInput seen,
    Operand<TFloat32> z,
    Operand<TFloat32> real,
    Labels realLabels,
    Labels fakeLabels,
    Forward generated,
    Operand<TFloat32> fake,
    Forward realScores,
    Forward fakeScores) {

  /**
   * Draws z for as many fakes as there are real images (then, for a GAN on the data's labels, the
   * fakes' classes), and runs G once and D on both.
   *
   * @param realLabels the real batch's classes, as G's {@link LabelSource#input} made them
   * @param seen what D sees of each batch ({@link DiscriminatorInput#IDENTITY}: the batch itself)
   */
  public static GanModel build(
      Ops tf,
      Generator generator,
      Discriminator discriminator,
      Operand<TFloat32> real,
      Labels realLabels,
      int latentSize,
      SeedStream seeds,
      DiscriminatorInput seen) {
    Operand<TInt64> batch = tf.shape.size(real, tf.constant(0L), TInt64.class); // [1]
    // Per example: a data-parallel worker draws its rows of the global batch's (SeedStream).
    Operand<TFloat32> z =
        seeds.perExample(
            tf,
            batch,
            n ->
                tf.random.statelessRandomNormal(
                    tf.concat(List.of(n, tf.constant(new long[] {latentSize})), tf.constant(0)),
                    seeds.next(tf)));
    var fakeLabels = generator.labelSource().drawFakeLabels(tf, batch, seeds);
    var generated = generator.forward(tf, z, fakeLabels, Mode.TRAIN);
    var fake = tf.stopGradient(generated.output());
    var realScores =
        discriminator.forward(tf, seen.apply(tf, real, seeds), realLabels, Mode.TRAIN, seeds);
    var fakeScores =
        discriminator.forward(tf, seen.apply(tf, fake, seeds), fakeLabels, Mode.TRAIN, seeds);
    return new GanModel(
        generator,
        discriminator,
        seeds,
        seen,
        z,
        real,
        realLabels,
        fakeLabels,
        generated,
        fake,
        realScores,
        fakeScores);
  }

  /**
   * D on other images, in training mode, drawing from the step's stream (a penalty's inputs); a
   * conditional D scores them as of the real batch's classes (as StudioGAN's gradient penalty does
   * for the interpolates of real and fake images).
   */
  public Forward discriminate(Ops tf, Operand<TFloat32> images) {
    return discriminator.forward(tf, images, realLabels, Mode.TRAIN, seeds);
  }

  /** D on G's output as G's update sees it: of the classes G drew them for. */
  public Forward discriminateGenerated(Ops tf) {
    return discriminator.forward(
        tf, seen.apply(tf, generated.output(), seeds), fakeLabels, Mode.TRAIN, seeds);
  }

  /** The state updates of D's two passes, run with D's update. */
  public List<Op> discriminatorUpdates() {
    var all = new ArrayList<>(realScores.updates());
    all.addAll(fakeScores.updates());
    return all;
  }
}
