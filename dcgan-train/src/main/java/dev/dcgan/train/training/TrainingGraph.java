package dev.dcgan.train.training;

import dev.dcgan.train.augment.AdaptiveAugmentation;
import dev.dcgan.train.augment.Augmentation;
import dev.dcgan.train.loss.GanLoss;
import dev.dcgan.train.loss.InformationLoss;
import dev.dcgan.train.loss.LossType;
import dev.dcgan.train.model.CriticOptions;
import dev.dcgan.train.model.Discriminator;
import dev.dcgan.train.model.DiscriminatorInput;
import dev.dcgan.train.model.GanModel;
import dev.dcgan.train.model.GanPrecision;
import dev.dcgan.train.model.Generator;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.model.PixelRange;
import dev.dcgan.train.nn.Labels;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.nn.Variables;
import dev.dcgan.train.util.Optimizers.GradientTransform;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
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
 * <p>It is built one way, {@link #builder}: the spec and seed, then whatever differs from the
 * defaults (the non-saturating loss, D as the loss needs it, the DCGAN paper's Adam for both
 * networks, no after-G step, float32, D seeing the batches as they are, gradients applied as they
 * are). With a latent code the loss is the game's plus InfoGAN's information term ({@link
 * InformationLoss}).
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
   * @param realLabels the real images' classes, int64 [N], for a GAN on the data's labels; {@link
   *     Labels#NONE} otherwise
   * @param learningRateScale float32 scalar multiplying both learning rates (1 when not fed): a
   *     schedule's factor
   */
  public record Inputs(
      Placeholder<TUint8> realImages,
      Placeholder<TInt64> stepKey,
      Labels realLabels,
      PlaceholderWithDefault<TFloat32> learningRateScale) {
    /** Whether a step feeds the real batch's labels. */
    public boolean conditional() {
      return realLabels instanceof Labels.Given;
    }
  }

  /**
   * G(z) in inference mode (moving batch-norm statistics), in [0, 1]: what the export computes.
   * With an EMA generator among the after-G steps, the average draws it.
   *
   * @param z float32 [N, latent]
   * @param labels int64 [N], the class of each sample, for a GAN on the data's labels; {@link
   *     Labels#NONE} otherwise
   * @param samples float32 [N, H, W, C]
   */
  public record SampleHead(Placeholder<TFloat32> z, Labels labels, Operand<TFloat32> samples) {}

  /**
   * The augmentation's probability, when D's input is augmented. ADA's gathering of the signs of
   * D's real logits runs with every D update by itself; {@code adjust} is for the caller to run
   * after the D updates that {@link AdaptiveAugmentation#adjustsAfter} names.
   *
   * @param probability p and r_t, to run and to log
   * @param adjust r_t from the gathered signs, p moved by it
   */
  public record AugmentHead(AdaptiveAugmentation probability, Op adjust) {}

  /**
   * The parts of a training graph beyond its spec and seed, each with its default. Every setter
   * names its part; nothing is positional.
   */
  public static final class Builder {
    private final ModelSpec spec;
    private final long seed;
    private GanLoss loss = LossType.NON_SATURATING.loss();
    private CriticOptions critic; // null: the loss's
    private AdamConfig dAdam = AdamConfig.DCGAN;
    private AdamConfig gAdam = AdamConfig.DCGAN;
    private List<TrainOps.AfterGeneratorStep> afterG = List.of();
    private GanPrecision precision = GanPrecision.uniform(Precision.FP32);
    private DiscriminatorInput seen = DiscriminatorInput.IDENTITY;
    private GradientTransform gradients = GradientTransform.IDENTITY;
    private Augmentation augmentation = Augmentation.NONE;
    private Replication replication = Replication.NONE;

    private Builder(ModelSpec spec, long seed) {
      this.spec = Objects.requireNonNull(spec, "spec");
      this.seed = seed;
    }

    /** The game's loss (default non-saturating); D is built as it asks unless {@link #critic}. */
    public Builder loss(GanLoss loss) {
      this.loss = Objects.requireNonNull(loss, "loss");
      return this;
    }

    /**
     * How D is built (default: the loss's {@link GanLoss#criticOptions()}), e.g. with spectral norm
     * if the network asks for it.
     */
    public Builder critic(CriticOptions critic) {
      this.critic = Objects.requireNonNull(critic, "critic");
      return this;
    }

    /** D's and G's Adam (default: {@link AdamConfig#DCGAN} for both). */
    public Builder adam(AdamConfig d, AdamConfig g) {
      dAdam = Objects.requireNonNull(d, "D's Adam");
      gAdam = Objects.requireNonNull(g, "G's Adam");
      return this;
    }

    /**
     * Steps run after every G update (default none); the sample head draws from the first one's
     * {@link TrainOps.AfterGeneratorStep#drawingGenerator()}, if any.
     */
    public Builder afterGenerator(List<TrainOps.AfterGeneratorStep> steps) {
      afterG = List.copyOf(steps);
      return this;
    }

    /**
     * What both networks' convolutions and matrix products compute in (default float32; variables,
     * optimizer state, batch norm and the loss stay float32).
     */
    public Builder precision(Precision precision) {
      return precision(GanPrecision.uniform(precision));
    }

    /** What each network's layers compute in, layer by layer (a checked bf16 run's). */
    public Builder precision(GanPrecision precision) {
      this.precision = Objects.requireNonNull(precision, "precision");
      return this;
    }

    /**
     * What D sees of every batch it scores, real and fake, in D's update and G's (default: the
     * batch; the seam for DiffAugment, see {@link DiscriminatorInput}).
     */
    public Builder discriminatorInput(DiscriminatorInput seen) {
      this.seen = Objects.requireNonNull(seen, "discriminator input");
      return this;
    }

    /**
     * What both updates do to their gradients before applying them (default nothing; the seam for a
     * distributed all-reduce, see {@link GradientTransform}).
     */
    public Builder gradients(GradientTransform gradients) {
      this.gradients = Objects.requireNonNull(gradients, "gradient transform");
      return this;
    }

    /**
     * DiffAugment on what D sees, after {@link #discriminatorInput}, with a fixed or adaptive p
     * (default {@link Augmentation#NONE}: no op added, no number drawn).
     */
    public Builder augmentation(Augmentation augmentation) {
      this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
      return this;
    }

    /**
     * The graph of one replica of a data-parallel run (default {@link Replication#NONE}: a single
     * process): both networks' gradients, and the measured losses, averaged over the replicas
     * before {@link #gradients} sees them; this replica's rows of each per-example draw; with sync
     * batch norm, the global batch's statistics.
     */
    public Builder replication(Replication replication) {
      this.replication = Objects.requireNonNull(replication, "replication");
      return this;
    }

    public TrainingGraph build() {
      return new TrainingGraph(this);
    }
  }

  private final Graph graph = new Graph();
  private final ModelSpec spec;
  private final GanModel model;
  private final Inputs inputs;
  private final TrainOps trainOps;
  private final SampleHead sampleHead;
  private final AugmentHead augmentHead; // null: D's input is not augmented

  /** A training graph of {@code spec}, its variables initialised from {@code seed}. */
  public static Builder builder(ModelSpec spec, long seed) {
    return new Builder(spec, seed);
  }

  private TrainingGraph(Builder b) {
    this.spec = b.spec;
    Ops tf = Ops.create(graph);
    var critic = b.critic != null ? b.critic : b.loss.criticOptions();
    Generator generator =
        spec.newGenerator(
            replicated(
                Variables.initialised(tf, "generator", b.seed).computingIn(b.precision.generator()),
                b.replication));
    Discriminator discriminator =
        spec.newDiscriminator(
            replicated(
                Variables.initialised(tf, "discriminator", b.seed + 1)
                    .computingIn(b.precision.discriminator()),
                b.replication),
            critic);
    var labelSource = spec.labelSource();
    inputs =
        new Inputs(
            tf.withName("real_images")
                .placeholder(
                    TUint8.class,
                    Placeholder.shape(Shape.of(-1, spec.height(), spec.width(), spec.channels()))),
            tf.withName("step_key").placeholder(TInt64.class, Placeholder.shape(Shape.scalar())),
            labelSource.input(tf, "real_labels"),
            tf.withName("learning_rate_scale")
                .placeholderWithDefault(tf.constant(1f), Shape.scalar()));

    var real = PixelRange.fromBytes(tf, inputs.realImages());
    var augmentation = b.augmentation;
    AdaptiveAugmentation ada = augmentation.on() ? augmentation.probabilityIn(tf) : null;
    DiscriminatorInput seen =
        ada == null
            ? b.seen
            : (ops, images, seeds) ->
                augmentation
                    .policy()
                    .apply(ops, b.seen.apply(ops, images, seeds), ada.p(), seeds.next(ops));
    model =
        GanModel.build(
            tf,
            generator,
            discriminator,
            real,
            inputs.realLabels(),
            spec.latentSize(),
            b.replication.seeds(inputs.stepKey()),
            seen);
    // ADA counts the signs of D's real logits (as D saw them, augmented) with every D update.
    List<Op> withD =
        ada == null ? List.of() : List.of(ada.accumulate(tf, model.realScores().output()));
    var built =
        TrainOps.build(
            tf,
            model,
            InformationLoss.forSpec(b.loss, spec),
            b.dAdam.newAdam(graph, "d_adam", inputs.learningRateScale()),
            b.gAdam.newAdam(graph, "g_adam", inputs.learningRateScale()),
            b.afterG,
            b.replication.gradients().andThen(b.gradients),
            withD);
    augmentHead = ada == null ? null : new AugmentHead(ada, ada.adjust(tf));
    trainOps = b.replication.averageMetrics(tf, built);

    var z =
        tf.withName("z")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.latentSize())));
    Generator drawing =
        b.afterG.stream()
            .flatMap(step -> step.drawingGenerator().stream())
            .findFirst()
            .orElse(generator);
    var labels = labelSource.input(tf, "labels");
    var samples =
        tf.withName("samples")
            .identity(
                PixelRange.toImageRange(tf, drawing.forward(tf, z, labels, Mode.INFER).output()));
    sampleHead = new SampleHead(z, labels, samples);
  }

  private static Variables replicated(Variables vars, Replication replication) {
    return replication.syncBatchNorm() ? vars.withBatchStatistics(replication.mean()) : vars;
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

  /** p and its adjustment, if D's input is augmented. */
  public Optional<AugmentHead> augmentHead() {
    return Optional.ofNullable(augmentHead);
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
