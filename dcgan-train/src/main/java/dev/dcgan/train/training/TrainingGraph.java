package dev.dcgan.train.training;

import dev.dcgan.train.model.Discriminator;
import dev.dcgan.train.model.GanLoss;
import dev.dcgan.train.model.Generator;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.SeedStream;
import dev.dcgan.train.nn.Variables;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * The whole GAN as one TensorFlow graph, built once: both networks, both losses, both optimizers.
 *
 * <p>One training step ({@link #dThenG}) is the alternating update of pytorch/examples' DCGAN:
 *
 * <ol>
 *   <li>G draws a batch of fakes from fresh z (one G forward pass, batch-norm in training mode);
 *   <li>(1) update D on the real batch and the fakes, the fakes held constant ({@code
 *       stopGradient});
 *   <li>(2) update G through the <em>updated</em> D on the same fakes: the ops of this second D
 *       pass carry control dependencies on D's update, so they read D's new weights.
 * </ol>
 *
 * Gradients are taken with respect to each network's own variables only, and each network has its
 * own Adam; {@code Optimizer.minimize} would differentiate with respect to every variable in the
 * graph, which is wrong for a GAN. {@link #dOnly} is step (1) alone, for k D updates per G update.
 *
 * <p>Randomness (z and dropout) comes from stateless ops keyed by the fed {@link #stepKey}, so a
 * run is a function of its seed and step count.
 */
public final class TrainingGraph implements AutoCloseable {
  private final Graph graph = new Graph();
  private final ModelSpec spec;
  private final Generator generator;
  private final Discriminator discriminator;

  /** Real images, uint8 [N, H, W, C]; converted to [-1, 1] in the graph. */
  public final Placeholder<TUint8> realImages;

  /** int64 scalar: the key of this step's random numbers. */
  public final Placeholder<TInt64> stepKey;

  /** float32 [N, latent], only for {@link #samples}. */
  public final Placeholder<TFloat32> z;

  /** Runs (1) then (2). */
  public final Op dThenG;

  /** Runs (1) only. */
  public final Op dOnly;

  public final Operand<TFloat32> dLoss;
  public final Operand<TFloat32> gLoss;

  /** Mean D(x) on the real batch, before the update. */
  public final Operand<TFloat32> dReal;

  /** Mean D(G(z)) on the fakes, before D's update. */
  public final Operand<TFloat32> dFake;

  /** G(z) in inference mode (moving batch-norm statistics), in [0, 1]: what the export computes. */
  public final Operand<TFloat32> samples;

  public TrainingGraph(ModelSpec spec, AdamConfig dAdam, AdamConfig gAdam, long seed) {
    this.spec = spec;
    Ops tf = Ops.create(graph);
    generator = spec.newGenerator(Variables.initialised(tf, "generator", seed));
    discriminator = spec.newDiscriminator(Variables.initialised(tf, "discriminator", seed + 1));

    realImages =
        tf.withName("real_images")
            .placeholder(
                TUint8.class,
                Placeholder.shape(Shape.of(-1, spec.height(), spec.width(), spec.channels())));
    stepKey = tf.withName("step_key").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    z =
        tf.withName("z")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.latentSize())));
    var seeds = new SeedStream(stepKey);

    // G forward once, on z drawn in the graph for as many fakes as there are real images.
    Operand<TInt64> batch = tf.shape.size(realImages, tf.constant(0L), TInt64.class); // [1]
    Operand<TFloat32> trainZ =
        tf.random.statelessRandomNormal(
            tf.concat(List.of(batch, tf.constant(new long[] {spec.latentSize()})), tf.constant(0)),
            seeds.next(tf));
    var fake = generator.forward(tf, trainZ, Mode.TRAIN);

    // (1) D: real -> 1, fake -> 0; no gradient flows into G.
    var real = toUnitRange(tf, realImages);
    var realD = discriminator.forward(tf, real, Mode.TRAIN, seeds);
    var fakeD = discriminator.forward(tf, tf.stopGradient(fake.output()), Mode.TRAIN, seeds);
    dLoss =
        tf.withName("d_loss").identity(GanLoss.discriminator(tf, realD.output(), fakeD.output()));
    dReal = tf.withName("d_real").identity(GanLoss.meanProbability(tf, realD.output()));
    dFake = tf.withName("d_fake").identity(GanLoss.meanProbability(tf, fakeD.output()));
    var dUpdates = new ArrayList<>(realD.updates());
    dUpdates.addAll(fakeD.updates());
    Op dApply =
        minimise(
            tf,
            new Adam(
                graph,
                "d_adam",
                dAdam.learningRate(),
                dAdam.beta1(),
                dAdam.beta2(),
                dAdam.epsilon()),
            dLoss,
            discriminator.variables().trainable(),
            dUpdates,
            "d_train");
    dOnly = dApply;

    // (2) G: through the updated D, fake -> 1.
    Ops afterD = tf.withControlDependencies(List.of(dApply));
    var fakeD2 = discriminator.forward(afterD, fake.output(), Mode.TRAIN, seeds);
    gLoss = tf.withName("g_loss").identity(GanLoss.generator(afterD, fakeD2.output()));
    var gUpdates = new ArrayList<>(fake.updates());
    Op gApply =
        minimise(
            tf,
            new Adam(
                graph,
                "g_adam",
                gAdam.learningRate(),
                gAdam.beta1(),
                gAdam.beta2(),
                gAdam.epsilon()),
            gLoss,
            generator.variables().trainable(),
            gUpdates,
            "g_train");
    dThenG = tf.withName("d_then_g").withControlDependencies(List.of(dApply, gApply)).noOp();

    samples =
        tf.withName("samples")
            .identity(toImageRange(tf, generator.forward(tf, z, Mode.INFER).output()));
  }

  /**
   * Gradients of {@code loss} with respect to {@code vars} only, applied by {@code optimizer}; the
   * returned op also runs {@code stateUpdates} (batch-norm statistics).
   */
  public static Op minimise(
      Ops tf,
      Optimizer optimizer,
      Operand<TFloat32> loss,
      List<Variable<TFloat32>> vars,
      List<Op> stateUpdates,
      String name) {
    var grads = tf.gradients(loss, vars);
    List<GradAndVar<? extends TType>> pairs = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Output<TFloat32> g = grads.dy(i);
      pairs.add(new GradAndVar<>(g, vars.get(i).asOutput()));
    }
    Op apply = optimizer.applyGradients(pairs, name + "_apply");
    var all = new ArrayList<Op>(stateUpdates);
    all.add(apply);
    return tf.withName(name).withControlDependencies(all).noOp();
  }

  /** uint8 [0, 255] -> float [-1, 1], the range of G's tanh. */
  static Operand<TFloat32> toUnitRange(Ops tf, Operand<TUint8> images) {
    return tf.math.sub(
        tf.math.mul(tf.dtypes.cast(images, TFloat32.class), tf.constant(2f / 255f)),
        tf.constant(1f));
  }

  /** [-1, 1] -> [0, 1]. */
  public static Operand<TFloat32> toImageRange(Ops tf, Operand<TFloat32> x) {
    return tf.math.mul(tf.math.add(x, tf.constant(1f)), tf.constant(0.5f));
  }

  public Graph graph() {
    return graph;
  }

  public ModelSpec spec() {
    return spec;
  }

  public Generator generator() {
    return generator;
  }

  public Discriminator discriminator() {
    return discriminator;
  }

  @Override
  public void close() {
    graph.close();
  }
}
