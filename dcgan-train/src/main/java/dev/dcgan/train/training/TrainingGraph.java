package dev.dcgan.train.training;

import dev.dcgan.train.loss.GanLoss;
import dev.dcgan.train.loss.LossType;
import dev.dcgan.train.model.CriticOptions;
import dev.dcgan.train.model.Discriminator;
import dev.dcgan.train.model.GanModel;
import dev.dcgan.train.model.Generator;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.model.PixelRange;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.nn.Variables;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * The whole GAN as one TensorFlow graph, assembled in stages: the networks, the {@link GanModel}
 * (their forward passes on the fed batch), the loss, the {@link TrainOps}; and beside them the
 * sample head, G in inference mode on a fed z.
 *
 * <p>Randomness (z, dropout, a loss's draws) comes from stateless ops keyed by the fed step key, so
 * a run is a function of its seed and step count.
 */
public final class TrainingGraph implements AutoCloseable {
  /**
   * What a step feeds.
   *
   * @param realImages real images, uint8 [N, H, W, C]
   * @param stepKey int64 scalar: the key of this step's random numbers
   * @param realLabels the real images' classes, int64 [N]; null for an unconditional GAN
   * @param learningRateScale float32 scalar multiplying both learning rates (1 when not fed): a
   *     schedule's factor
   */
  public record Inputs(
      Placeholder<TUint8> realImages,
      Placeholder<TInt64> stepKey,
      Placeholder<TInt64> realLabels,
      PlaceholderWithDefault<TFloat32> learningRateScale) {
    public boolean conditional() {
      return realLabels != null;
    }
  }

  /**
   * G(z) in inference mode (moving batch-norm statistics), in [0, 1]: what the export computes.
   * With an EMA generator among the after-G steps, the average draws it.
   *
   * @param z float32 [N, latent]
   * @param labels int64 [N], the class of each sample; null for an unconditional GAN
   * @param samples float32 [N, H, W, C]
   */
  public record SampleHead(
      Placeholder<TFloat32> z, Placeholder<TInt64> labels, Operand<TFloat32> samples) {}

  private final Graph graph = new Graph();
  private final ModelSpec spec;
  private final GanModel model;
  private final Inputs inputs;
  private final TrainOps trainOps;
  private final SampleHead sampleHead;

  /** The non-saturating loss, no after-G steps. */
  public TrainingGraph(ModelSpec spec, AdamConfig dAdam, AdamConfig gAdam, long seed) {
    this(spec, LossType.NON_SATURATING.loss(), dAdam, gAdam, seed, List.of());
  }

  /** D as the loss needs it. */
  public TrainingGraph(
      ModelSpec spec,
      GanLoss loss,
      AdamConfig dAdam,
      AdamConfig gAdam,
      long seed,
      List<TrainOps.AfterGeneratorStep> afterG) {
    this(spec, loss, loss.criticOptions(), dAdam, gAdam, seed, afterG);
  }

  /**
   * @param critic how D is built: the loss's {@link GanLoss#criticOptions()}, with spectral norm if
   *     the network asks for it
   * @param afterG steps run after every G update; the sample head draws from the first one's {@link
   *     TrainOps.AfterGeneratorStep#drawingGenerator()}, if any
   */
  public TrainingGraph(
      ModelSpec spec,
      GanLoss loss,
      CriticOptions critic,
      AdamConfig dAdam,
      AdamConfig gAdam,
      long seed,
      List<TrainOps.AfterGeneratorStep> afterG) {
    this(spec, loss, critic, dAdam, gAdam, seed, afterG, Precision.FP32);
  }

  /**
   * As above, with both networks' convolutions and matrix products computing in {@code precision}
   * (variables, optimizer state, batch norm and the loss stay float32).
   */
  public TrainingGraph(
      ModelSpec spec,
      GanLoss loss,
      CriticOptions critic,
      AdamConfig dAdam,
      AdamConfig gAdam,
      long seed,
      List<TrainOps.AfterGeneratorStep> afterG,
      Precision precision) {
    this(spec, loss, critic, dAdam, gAdam, seed, afterG, precision, Replication.NONE);
  }

  /**
   * As above, as one replica of a data-parallel run ({@code replication}; {@link Replication#NONE}:
   * a single process).
   */
  public TrainingGraph(
      ModelSpec spec,
      GanLoss loss,
      CriticOptions critic,
      AdamConfig dAdam,
      AdamConfig gAdam,
      long seed,
      List<TrainOps.AfterGeneratorStep> afterG,
      Precision precision,
      Replication replication) {
    this.spec = spec;
    Ops tf = Ops.create(graph);
    Generator generator =
        spec.newGenerator(
            replicated(
                Variables.initialised(tf, "generator", seed).computingIn(precision), replication));
    Discriminator discriminator =
        spec.newDiscriminator(
            replicated(
                Variables.initialised(tf, "discriminator", seed + 1).computingIn(precision),
                replication),
            critic);
    inputs =
        new Inputs(
            tf.withName("real_images")
                .placeholder(
                    TUint8.class,
                    Placeholder.shape(Shape.of(-1, spec.height(), spec.width(), spec.channels()))),
            tf.withName("step_key").placeholder(TInt64.class, Placeholder.shape(Shape.scalar())),
            spec.conditional() ? labels(tf, "real_labels") : null,
            tf.withName("learning_rate_scale")
                .placeholderWithDefault(tf.constant(1f), Shape.scalar()));

    var real = PixelRange.fromBytes(tf, inputs.realImages());
    model =
        GanModel.build(
            tf,
            generator,
            discriminator,
            real,
            inputs.realLabels(),
            spec.classes(),
            spec.latentSize(),
            replication.seeds(inputs.stepKey()));
    var built =
        TrainOps.build(
            tf,
            model,
            loss,
            dAdam.newAdam(graph, "d_adam", inputs.learningRateScale()),
            gAdam.newAdam(graph, "g_adam", inputs.learningRateScale()),
            afterG,
            replication.gradients());
    trainOps = replication.averageMetrics(tf, built);

    var z =
        tf.withName("z")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.latentSize())));
    Generator drawing =
        afterG.stream()
            .flatMap(step -> step.drawingGenerator().stream())
            .findFirst()
            .orElse(generator);
    var labels = spec.conditional() ? labels(tf, "labels") : null;
    var samples =
        tf.withName("samples")
            .identity(
                PixelRange.toImageRange(tf, drawing.forward(tf, z, labels, Mode.INFER).output()));
    sampleHead = new SampleHead(z, labels, samples);
  }

  private static Variables replicated(Variables vars, Replication replication) {
    return replication.syncBatchNorm() ? vars.withBatchStatistics(replication.mean()) : vars;
  }

  private static Placeholder<TInt64> labels(Ops tf, String name) {
    return tf.withName(name).placeholder(TInt64.class, Placeholder.shape(Shape.of(-1)));
  }

  public Graph graph() {
    return graph;
  }

  public ModelSpec spec() {
    return spec;
  }

  public GanModel model() {
    return model;
  }

  public Inputs inputs() {
    return inputs;
  }

  public TrainOps trainOps() {
    return trainOps;
  }

  public SampleHead sampleHead() {
    return sampleHead;
  }

  public Generator generator() {
    return model.generator();
  }

  public Discriminator discriminator() {
    return model.discriminator();
  }

  @Override
  public void close() {
    graph.close();
  }
}
