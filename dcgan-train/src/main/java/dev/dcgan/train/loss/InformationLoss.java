package dev.dcgan.train.loss;

import dev.dcgan.train.model.CriticOptions;
import dev.dcgan.train.model.Forward;
import dev.dcgan.train.model.GanModel;
import dev.dcgan.train.model.LatentCode;
import dev.dcgan.train.model.ModelSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * InfoGAN's information term (Chen et al. 2016) for a categorical latent code c drawn uniformly:
 * lambda * E[-log Q(c | G(z, c))], the softmax cross-entropy of D's Q head against the code G drew
 * from. Minimising it maximises the variational lower bound H(c) - lambda * CE on the mutual
 * information I(c; G(z, c)). Both networks add it to their loss, D (through Q) on the constant
 * fakes and G on its own: G learns to draw codes Q can tell apart, Q to tell them.
 *
 * <p>It is a composite loss, as TF-GAN adds its mutual-information penalty inside {@code gan_loss}:
 * the game's loss (any {@link LossType}) with the term added to D's and G's; the logs' D(x) and
 * D(G(z)) and the way D is built are the game's.
 */
public final class InformationLoss implements GanLoss {
  /** lambda: the paper's weight for discrete codes. */
  public static final float WEIGHT = 1f;

  private final GanLoss game;
  private final LatentCode code;

  /** {@code game}'s losses, each plus the information term of {@code code}. */
  public InformationLoss(GanLoss game, LatentCode code) {
    this.game = game;
    this.code = code;
  }

  /** The loss a GAN of {@code spec} trains with: {@code game}, plus the term if G has a code. */
  public static GanLoss forSpec(GanLoss game, ModelSpec spec) {
    return spec.coded() ? new InformationLoss(game, new LatentCode(spec.latentCode())) : game;
  }

  /** The game's loss for D, plus the term on Q's logits for the constant fakes. */
  @Override
  public Operand<TFloat32> discriminator(Ops tf, GanModel model) {
    return withTerm(tf, game.discriminator(tf, model), model.fakeScores(), model);
  }

  /** The game's loss for G, plus the term on Q's logits for G's fakes through the updated D. */
  @Override
  public Operand<TFloat32> generator(Ops tf, GanModel model, Forward fakeScores) {
    return withTerm(tf, game.generator(tf, model, fakeScores), fakeScores, model);
  }

  @Override
  public Operand<TFloat32> discriminator(
      Ops tf, Operand<TFloat32> realLogits, Operand<TFloat32> fakeLogits) {
    return game.discriminator(tf, realLogits, fakeLogits);
  }

  @Override
  public Operand<TFloat32> generator(Ops tf, Operand<TFloat32> fakeLogits) {
    return game.generator(tf, fakeLogits);
  }

  @Override
  public Operand<TFloat32> meanScore(Ops tf, Operand<TFloat32> logits) {
    return game.meanScore(tf, logits);
  }

  @Override
  public CriticOptions criticOptions() {
    return game.criticOptions();
  }

  /** loss + lambda * CE(Q's logits in {@code scores}, the code G read off the model's z). */
  private Operand<TFloat32> withTerm(
      Ops tf, Operand<TFloat32> loss, Forward scores, GanModel model) {
    return tf.math.add(loss, of(tf, scores.codeLogits(), code.of(tf, model.z())));
  }

  /**
   * lambda * the mean cross-entropy of {@code codeLogits} [N, K] against {@code codes} int64 [N].
   */
  public static Operand<TFloat32> of(Ops tf, Operand<TFloat32> codeLogits, Operand<TInt64> codes) {
    return tf.math.mul(
        tf.constant(WEIGHT), tf.math.mean(crossEntropy(tf, codeLogits, codes), tf.constant(0)));
  }

  /**
   * -log softmax(l)[c] = logsumexp(l) - l[c] per row, [N]; spelled out because TensorFlow's C++
   * gradients have none for SparseSoftmaxCrossEntropyWithLogits. The max subtracted for stability
   * is held constant: logsumexp(l - m) + m is exact for any m, so its gradient is not needed.
   */
  static Operand<TFloat32> crossEntropy(Ops tf, Operand<TFloat32> logits, Operand<TInt64> codes) {
    var axis = tf.constant(1);
    var max = tf.stopGradient(tf.max(logits, axis, Max.keepDims(true))); // [N, 1]
    var logSumExp =
        tf.math.add(
            tf.math.log(tf.sum(tf.math.exp(tf.math.sub(logits, max)), axis)),
            tf.reshape(max, tf.constant(new long[] {-1}))); // [N]
    long k = logits.shape().get(1); // Q's width: static
    if (k < 1)
      throw new IllegalArgumentException(
          "the code logits need a known width, got " + logits.shape());
    var oneHot = tf.oneHot(codes, tf.constant((int) k), tf.constant(1f), tf.constant(0f)); // [N, K]
    var picked = tf.sum(tf.math.mul(oneHot, logits), axis); // l[c], [N]
    return tf.math.sub(logSumExp, picked);
  }
}
