package dev.dcgan.train.training;

import dev.dcgan.train.model.GanModel;
import dev.dcgan.train.model.Generator;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.nn.Variables;
import java.util.List;
import java.util.Optional;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;

/**
 * The EMA generator, an after-G step: an exponential moving average of G's weights and batch-norm
 * statistics (Yazıcı et al., 2019; Karras et al., 2018), updated after every G update. It often
 * draws better images than G's latest weights, whose last updates chase the current D.
 *
 * <p>The shadow is G's own layers built over variables named {@code generator_ema.<layer>.<name>}
 * ({@link Generator#EMA_NETWORK}), beside G's {@code generator.<layer>.<name>}, and with G's seed,
 * so every shadow starts equal to its weight. It is a full generator: the training graph's sample
 * head (grids, evaluation) draws from it, and the exporter maps its variables onto G's names.
 */
public final class EmaGenerator implements TrainOps.AfterGeneratorStep {
  private final ModelSpec spec;
  private final long seed;
  private final float decay;
  private Generator shadow;
  private ExponentialMovingAverage average;

  /**
   * @param seed G's seed, so that the shadow starts at G's initial weights
   * @param decay in [0, 1): the weight of the old average at steady state
   */
  public EmaGenerator(ModelSpec spec, long seed, float decay) {
    this.spec = spec;
    this.seed = seed;
    this.decay = decay;
  }

  /** Builds the shadow and returns the op that averages G's new variables into it. */
  @Override
  public Op build(Ops tf, GanModel model) {
    if (shadow != null) throw new IllegalStateException("an EMA generator is built once");
    // The shadow's variables are read by the sample head: they must not wait for G's update.
    Ops free = tf.withControlDependencies(List.of());
    // The shadow computes as G does (its variables are float32 either way).
    var precision = model.generator().variables().precision();
    shadow =
        spec.newGenerator(
            Variables.initialised(free, Generator.EMA_NETWORK, seed).computingIn(precision));
    average = new ExponentialMovingAverage(free, Generator.EMA_NETWORK, decay);
    return average.update(tf, shadow.variables().all(), model.generator().variables().all());
  }

  /** The shadow: grids and evaluation draw from it rather than from G. */
  @Override
  public Optional<Generator> drawingGenerator() {
    return Optional.of(generator());
  }

  /** G over the averaged variables (once built). */
  public Generator generator() {
    requireBuilt();
    return shadow;
  }

  /** The averaging rule and its update count (once built). */
  public ExponentialMovingAverage average() {
    requireBuilt();
    return average;
  }

  private void requireBuilt() {
    if (shadow == null) throw new IllegalStateException("the EMA generator is not built yet");
  }
}
