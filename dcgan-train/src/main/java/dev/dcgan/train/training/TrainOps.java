package dev.dcgan.train.training;

import dev.dcgan.train.loss.GanLoss;
import dev.dcgan.train.model.GanModel;
import dev.dcgan.train.model.Generator;
import dev.dcgan.train.util.Optimizers;
import dev.dcgan.train.util.Optimizers.GradientTransform;
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
 * {@link #dOnly} is (1) alone, for k D updates per G update. Each update passes its gradients
 * through a {@link GradientTransform} between {@code tf.gradients} and {@code applyGradients} (the
 * seam for a distributed all-reduce; {@link GradientTransform#IDENTITY} adds nothing).
 *
 * @param dOnly runs (1)
 * @param dThenG runs (1), (2) and the after-G steps
 * @param metrics what the step measured, before its updates
 */
public record TrainOps(Op dOnly, Op dThenG, Metrics metrics) {

  /**
   * @param dLoss D's loss on the real batch and the fakes, as the loss computes it (a composite
   *     loss's terms included: with a latent code, the information term)
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

  /**
   * @param gradients what both updates do to their gradients before applying them
   * @param withD ops run with every D update beside its state updates (ADA's gathering of D's real
   *     logits); none by default
   */
  public static TrainOps build(
      Ops tf,
      GanModel model,
      GanLoss loss,
      Optimizer dOptimizer,
      Optimizer gOptimizer,
      List<AfterGeneratorStep> afterG,
      GradientTransform gradients,
      List<Op> withD) {
    // (1) D, the fakes constant.
    var dLoss = tf.withName("d_loss").identity(loss.discriminator(tf, model));
    var dReal = tf.withName("d_real").identity(loss.meanScore(tf, model.realScores().output()));
    var dFake = tf.withName("d_fake").identity(loss.meanScore(tf, model.fakeScores().output()));
    var dUpdates = new ArrayList<>(model.discriminatorUpdates());
    dUpdates.addAll(withD);
    Op dApply =
        Optimizers.minimise(
            tf,
            dOptimizer,
            dLoss,
            model.discriminator().variables().trainable(),
            dUpdates,
            "d_train",
            gradients);

    // (2) G, through the updated D.
    Ops afterD = tf.withControlDependencies(List.of(dApply));
    var fakeScores = model.discriminateGenerated(afterD);
    var gLoss = tf.withName("g_loss").identity(loss.generator(afterD, model, fakeScores));
    Op gApply =
        Optimizers.minimise(
            tf,
            gOptimizer,
            gLoss,
            model.generator().variables().trainable(),
            model.generated().updates(),
            "g_train",
            gradients);

    var all = new ArrayList<Op>(List.of(dApply, gApply));
    Ops afterGApply = tf.withControlDependencies(List.of(gApply));
    for (var step : afterG) all.add(step.build(afterGApply, model));
    Op dThenG = tf.withName("d_then_g").withControlDependencies(all).noOp();
    return new TrainOps(dApply, dThenG, new Metrics(dLoss, gLoss, dReal, dFake));
  }
}
