package dev.dcgan.train.training;

import dev.dcgan.train.loss.GanLoss;
import dev.dcgan.train.loss.InformationLoss;
import dev.dcgan.train.model.Forward;
import dev.dcgan.train.model.GanModel;
import dev.dcgan.train.model.Generator;
import dev.dcgan.train.util.Optimizers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The last stage of a GAN: the updates one training step runs, and what it measures.
 *
 * <p>One step ({@link #dThenG}) is the alternating update of pytorch/examples' DCGAN:
 *
 * <ol>
 *   <li>(1) update D on the real batch and G's fakes, the fakes held constant;
 *   <li>(2) update G through the <em>updated</em> D on the same fakes: the ops of this second D
 *       pass carry control dependencies on D's update, so they read D's new weights;
 *   <li>then the after-G steps (an average of G's weights, say), which see G's new weights.
 * </ol>
 *
 * {@link #dOnly} is (1) alone, for k D updates per G update.
 *
 * @param dOnly runs (1)
 * @param dThenG runs (1), (2) and the after-G steps
 * @param metrics what the step measured, before its updates
 */
public record TrainOps(Op dOnly, Op dThenG, Metrics metrics) {

  /**
   * @param dLoss D's loss on the real batch and the fakes (with a latent code, plus the information
   *     term)
   * @param gLoss G's loss through the updated D (likewise)
   * @param dReal the loss's mean score for the real batch ({@link GanLoss#meanScore})
   * @param dFake the loss's mean score for the fakes
   */
  public record Metrics(
      Operand<TFloat32> dLoss,
      Operand<TFloat32> gLoss,
      Operand<TFloat32> dReal,
      Operand<TFloat32> dFake) {}

  /** An op to run after every G update, built on the model (it may read G's new weights). */
  @FunctionalInterface
  public interface AfterGeneratorStep {
    Op build(Ops tf, GanModel model);

    /**
     * The generator the sample head (grids, evaluation) should draw from instead of G, if this step
     * keeps one (an average of G's weights); asked once the step is built.
     */
    default Optional<Generator> drawingGenerator() {
      return Optional.empty();
    }
  }

  public static TrainOps build(
      Ops tf,
      GanModel model,
      GanLoss loss,
      Optimizer dOptimizer,
      Optimizer gOptimizer,
      List<AfterGeneratorStep> afterG) {
    return build(tf, model, loss, dOptimizer, gOptimizer, afterG, GradientTransform.IDENTITY);
  }

  /**
   * As above, with {@code gradients} applied to D's and G's gradients before their updates: the
   * seam where data-parallel training averages them over the workers.
   */
  public static TrainOps build(
      Ops tf,
      GanModel model,
      GanLoss loss,
      Optimizer dOptimizer,
      Optimizer gOptimizer,
      List<AfterGeneratorStep> afterG,
      GradientTransform gradients) {
    // (1) D, the fakes constant.
    var dLoss =
        tf.withName("d_loss")
            .identity(
                withInformation(tf, loss.discriminator(tf, model), model.fakeScores(), model));
    var dReal = tf.withName("d_real").identity(loss.meanScore(tf, model.realScores().output()));
    var dFake = tf.withName("d_fake").identity(loss.meanScore(tf, model.fakeScores().output()));
    Op dApply =
        Optimizers.minimise(
            tf,
            dOptimizer,
            dLoss,
            model.discriminator().variables().trainable(),
            model.discriminatorUpdates(),
            "d_train",
            gradients::apply);

    // (2) G, through the updated D.
    Ops afterD = tf.withControlDependencies(List.of(dApply));
    var fakeScores = model.discriminateGenerated(afterD);
    var gLoss =
        tf.withName("g_loss")
            .identity(
                withInformation(
                    afterD, loss.generator(afterD, fakeScores.output()), fakeScores, model));
    Op gApply =
        Optimizers.minimise(
            tf,
            gOptimizer,
            gLoss,
            model.generator().variables().trainable(),
            model.generated().updates(),
            "g_train",
            gradients::apply);

    var all = new ArrayList<Op>(List.of(dApply, gApply));
    Ops afterGApply = tf.withControlDependencies(List.of(gApply));
    for (var step : afterG) all.add(step.build(afterGApply, model));
    Op dThenG = tf.withName("d_then_g").withControlDependencies(all).noOp();
    return new TrainOps(dApply, dThenG, new Metrics(dLoss, gLoss, dReal, dFake));
  }

  /**
   * A network's GAN loss, plus InfoGAN's information term on D's code logits for the fakes when G
   * draws from a latent code.
   */
  private static Operand<TFloat32> withInformation(
      Ops tf, Operand<TFloat32> ganLoss, Forward scores, GanModel model) {
    if (model.fakeCodes() == null) return ganLoss;
    return tf.math.add(ganLoss, InformationLoss.of(tf, scores.codeLogits(), model.fakeCodes()));
  }
}
