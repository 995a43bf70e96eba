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
 * @param realLabels int64 [N], the real batch's classes; null for an unconditional GAN
 * @param fakeLabels int64 [N], the classes G draws, uniform over [0, classes) from the step's
 *     stream; null for an unconditional GAN
 * @param fakeCodes int64 [N], the latent code G read off each z ({@link LatentCode}); null for a G
 *     without one
 * @param generated G(z) (conditional: G(z, fakeLabels)) for fresh z, with G's state updates
 * @param fake G(z) held constant ({@code stopGradient}): what D's update sees
 * @param realScores D(real) (conditional: D(real, realLabels)), with D's state updates
 * @param fakeScores D(fake) (conditional: D(fake, fakeLabels)), with D's state updates
 */
public record GanModel(
    Generator generator,
    Discriminator discriminator,
    SeedStream seeds,
    Operand<TFloat32> real,
    Operand<TInt64> realLabels,
    Operand<TInt64> fakeLabels,
    Operand<TInt64> fakeCodes,
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
    return build(tf, generator, discriminator, real, null, 0, latentSize, seeds);
  }

  /**
   * As {@link #build(Ops, Generator, Discriminator, Operand, int, SeedStream)}; with {@code
   * realLabels} (and {@code classes} >= 2) class-conditional: the fakes' classes are drawn
   * uniformly from the step's stream after z, so an unconditional GAN's draws are unchanged.
   */
  public static GanModel build(
      Ops tf,
      Generator generator,
      Discriminator discriminator,
      Operand<TFloat32> real,
      Operand<TInt64> realLabels,
      int classes,
      int latentSize,
      SeedStream seeds) {
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
    Operand<TInt64> fakeLabels =
        realLabels == null
            ? null
            : seeds.perExample(
                tf,
                batch,
                n ->
                    tf.random.statelessRandomUniformInt(
                        n, seeds.next(tf), tf.constant(0L), tf.constant((long) classes)));
    var generated = generator.forward(tf, z, fakeLabels, Mode.TRAIN);
    var fakeCodes = generator.latentCode(tf, z);
    var fake = tf.stopGradient(generated.output());
    var realScores = discriminator.forward(tf, real, realLabels, Mode.TRAIN, seeds);
    var fakeScores = discriminator.forward(tf, fake, fakeLabels, Mode.TRAIN, seeds);
    return new GanModel(
        generator,
        discriminator,
        seeds,
        real,
        realLabels,
        fakeLabels,
        fakeCodes,
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
    return discriminator.forward(tf, generated.output(), fakeLabels, Mode.TRAIN, seeds);
  }

  /** The state updates of D's two passes, run with D's update. */
  public List<Op> discriminatorUpdates() {
    var all = new ArrayList<>(realScores.updates());
    all.addAll(fakeScores.updates());
    return all;
  }
}
