package dev.dcgan.train.options;

import static dev.dcgan.train.options.OptionGroup.DATA;
import static dev.dcgan.train.options.OptionGroup.NETWORK;
import static dev.dcgan.train.options.OptionGroup.OPTIMISATION;
import static dev.dcgan.train.options.OptionGroup.RUN;
import static dev.dcgan.train.options.Use.BENCH;
import static dev.dcgan.train.options.Use.EXPORT;
import static dev.dcgan.train.options.Use.METADATA;
import static dev.dcgan.train.options.Use.SWEEP;
import static dev.dcgan.train.options.Use.TRAIN;

import dev.dcgan.train.augment.Augmentation;
import dev.dcgan.train.augment.DiffAugment;
import dev.dcgan.train.data.Background;
import dev.dcgan.train.data.DataFormat;
import dev.dcgan.train.data.LoadOptions;
import dev.dcgan.train.loss.LossType;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.Conditioning;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.training.LearningRateDecay;
import java.util.List;
import java.util.Set;

/**
 * The option table: every option of a training run, one row each, grouped as StudioGAN groups its
 * config (data, network, optimisation, run). The flags of {@code dcgan train} (and the shared ones
 * of {@code bench} and {@code export}), their {@code --help}, config.json and its reader for every
 * older shape, the sweep's keys and the metadata's {@code extra.options} are all made from it. A
 * new option is a row here and the code that uses it (see docs/options.md).
 */
public final class TrainOptions {
  private TrainOptions() {}

  // ---- data: what a run trains on -------------------------------------------------------------

  public static final Option<String> DATA_PATH =
      Option.of("data", DATA, Codecs.text("PATH"), "data/mnist")
          .help("a folder (IDX files, CIFAR-10 batches, or images), an IDX file, or 'fake'")
          .uses(TRAIN, SWEEP)
          .legacy("data.path", "data")
          .build();

  public static final Option<DataFormat> FORMAT =
      Option.of("format", DATA, Codecs.choice("F", DataFormat::parse, DataFormat::id), null)
          .help(DataFormat.ids())
          .defaultText("default: told from --data")
          .uses(TRAIN, SWEEP)
          .legacy("data.format", "format")
          .build();

  public static final Option<Integer> IMAGE_SIZE =
      Option.of("image-size", DATA, Codecs.integerOrUnset("N", 4, 0), 0)
          .help("side of the square images made from a folder or fake data")
          .defaultText("default " + LoadOptions.DEFAULT_SIZE)
          .uses(TRAIN, BENCH, SWEEP, METADATA)
          .legacy("data.imageSize", "imageSize")
          .build();

  public static final Option<Integer> CHANNELS =
      Option.of("channels", DATA, Codecs.oneOf("C", Set.of(1, 3), 0), 0)
          .help("1 (grayscale) or 3 (RGB)")
          .defaultText("default: what the images are")
          .uses(TRAIN, BENCH, SWEEP, METADATA)
          .legacy("data.channels", "channels")
          .build();

  public static final Option<Integer> LIMIT =
      Option.of("limit", DATA, Codecs.integerOrUnset("N", 1, 0), 0)
          .help("use only the first N training images")
          .defaultText("default: all")
          .uses(TRAIN, SWEEP, METADATA)
          .legacy("data.limit", "limit")
          .build();

  public static final Option<Long> MAX_IMAGE_PIXELS =
      Option.of(
              "max-image-pixels",
              DATA,
              Codecs.longInteger("N", 1),
              LoadOptions.DEFAULT_MAX_IMAGE_PIXELS)
          .help("skip folder images whose header claims more pixels, undecoded")
          .uses(TRAIN, SWEEP)
          .legacy("data.maxImagePixels", "maxImagePixels")
          .build();

  public static final Option<Background> BACKGROUND =
      Option.of(
              "background",
              DATA,
              Codecs.parsed("COLOUR", TrainOptions::background, Background::toString, null),
              Background.WHITE)
          .help(
              "what transparent pixels of a folder's images (RGBA: emoji, icons) are composited"
                  + " over: white, black, gray or #RRGGBB")
          .ifAbsent(Background.BLACK)
          .uses(TRAIN, SWEEP, METADATA)
          .build();

  // ---- network: the networks' shape (the checkpoints hold these variables) ----------------------

  public static final Option<Integer> LATENT =
      Option.of("latent", NETWORK, Codecs.integer("N", 1), 100)
          .help("width of z")
          .uses(TRAIN, SWEEP, METADATA)
          .legacy("network.latentSize", "latentSize")
          .build();

  public static final Option<Architecture> ARCH =
      Option.of("arch", NETWORK, Codecs.choice("NAME", Architecture::parse, Architecture::id), null)
          .help(Architecture.ids())
          .defaultText("default: tutorial for 28x28, dcgan for 32x32 and 64x64")
          .uses(TRAIN, BENCH, SWEEP, METADATA)
          .legacy("network.architecture", "architecture")
          .build();

  public static final Option<Integer> NGF =
      Option.of("ngf", NETWORK, Codecs.integer("N", 1), ModelSpec.DEFAULT_WIDTH)
          .help(
              "G's width unit: tutorial 4ngf, 2ngf, ngf maps; dcgan: the last hidden layer has ngf")
          .uses(TRAIN, BENCH, SWEEP, METADATA)
          .legacy("network.ngf", "ngf")
          .build();

  public static final Option<Integer> NDF =
      Option.of("ndf", NETWORK, Codecs.integer("N", 1), ModelSpec.DEFAULT_WIDTH)
          .help("D's width unit: tutorial ndf, 2ndf maps; dcgan: the first layer has ndf")
          .uses(TRAIN, BENCH, SWEEP, METADATA)
          .legacy("network.ndf", "ndf")
          .build();

  public static final Option<Boolean> SPECTRAL_NORM =
      Option.of("spectral-norm", NETWORK, Codecs.onOff(), false)
          .help("spectrally normalise D's kernels (one power iteration a step); dcgan: no BN in D")
          .uses(TRAIN, SWEEP, METADATA)
          .legacy("network.spectralNorm")
          .build();

  public static final Option<Boolean> CONDITIONAL =
      Option.of("conditional", NETWORK, Codecs.onOff(), false)
          .help(
              "class-conditional GAN for labelled data (IDX with labels, CIFAR-10, class folders):"
                  + " G takes (z, class), D is a projection discriminator")
          .uses(TRAIN, SWEEP, METADATA)
          .legacy("network.conditional")
          .build();

  public static final Option<Conditioning> CONDITIONING =
      Option.of(
              "conditioning",
              NETWORK,
              Codecs.choice("HOW", Conditioning::parse, Conditioning::id),
              Conditioning.BATCH_NORM)
          .help(
              "with --conditional, where G takes the class: "
                  + Conditioning.ids()
                  + " (input: z * embed(class); batch-norm: also a gamma and beta per class in"
                  + " every batch norm of G)")
          .ifAbsent(Conditioning.INPUT)
          .uses(TRAIN, SWEEP, METADATA)
          .legacy("network.conditioning")
          .build();

  public static final Option<Integer> LATENT_CODE =
      Option.of("latent-code", NETWORK, Codecs.integer("K", 0), 10)
          .help(
              "an unconditional G's InfoGAN categorical latent code of K values, read off z as"
                  + " argmax(z_0..z_K-1): G's batch norms take the code, D's Q head learns to tell"
                  + " it back, so the codes become kinds of image without labels")
          .note("0: none; not with --conditional")
          .ifAbsent(0)
          .uses(TRAIN, SWEEP, METADATA)
          .legacy("network.latentCode")
          .build();

  public static final Option<Precision> PRECISION =
      Option.of(
              "precision",
              NETWORK,
              Codecs.parsed(Precision.ids(), Precision::parse, Precision::id, null),
              Precision.FP32)
          .help(
              "what convolutions and matmuls compute in: bf16 needs AVX512_BF16 or AMX-BF16 (else"
                  + " a warning and fp32); weights, Adam, batch norm and the loss stay fp32")
          .uses(TRAIN, BENCH, EXPORT, SWEEP, METADATA)
          .legacy("network.precision")
          .build();

  // ---- optimisation: how the networks learn ----------------------------------------------------

  /** Adam's own rule: any positive finite rate (files written by code had rates beyond 10). */
  private static final Codec<Float> LEARNING_RATE =
      Codecs.real("LR", 0f, false, Float.POSITIVE_INFINITY);

  public static final Option<LossType> LOSS =
      Option.of(
              "loss",
              OPTIMISATION,
              Codecs.choice("NAME", LossType::parse, LossType::id),
              LossType.NON_SATURATING)
          .help(LossType.ids())
          .note("wasserstein-gp usually with --d-steps 5")
          .uses(TRAIN, SWEEP, METADATA)
          .legacy("optimisation.loss")
          .build();

  public static final Option<Integer> BATCH_SIZE =
      Option.of("batch-size", OPTIMISATION, Codecs.integer("N", 1), 32)
          .help("real images per D update")
          .uses(TRAIN, SWEEP, METADATA)
          .legacy("optimisation.batchSize", "batchSize")
          .build();

  public static final Option<Float> LR_D =
      Option.of("lr-d", OPTIMISATION, LEARNING_RATE, 2e-4f)
          .help("D's Adam learning rate")
          .uses(TRAIN, SWEEP, METADATA)
          .legacy("optimisation.dAdam.learningRate", "dAdam.learningRate")
          .build();

  public static final Option<Float> LR_G =
      Option.of("lr-g", OPTIMISATION, LEARNING_RATE, 2e-4f)
          .help("G's Adam learning rate")
          .uses(TRAIN, SWEEP, METADATA)
          .legacy("optimisation.gAdam.learningRate", "gAdam.learningRate")
          .build();

  public static final Option<Float> BETA1 =
      Option.of("beta1", OPTIMISATION, Codecs.real("B", 0f, true, 1f), 0.5f)
          .help("Adam's beta1 for both networks")
          .uses(TRAIN, SWEEP, METADATA)
          .legacy("optimisation.dAdam.beta1", "dAdam.beta1")
          .build();

  public static final Option<Integer> D_STEPS =
      Option.of("d-steps", OPTIMISATION, Codecs.integer("K", 1), 1)
          .help("D updates per G update")
          .uses(TRAIN, SWEEP, METADATA)
          .legacy("optimisation.dStepsPerG", "dStepsPerG")
          .build();

  public static final Option<Float> EMA =
      Option.of("ema", OPTIMISATION, Codecs.real("DECAY", 0f, true, 1f), 0.999f)
          .help("grids, evaluation and export use an EMA of G's weights with this decay")
          .note("0: off, G's own weights")
          .ifAbsent(0f)
          .uses(TRAIN, SWEEP, METADATA)
          .legacy("optimisation.ema")
          .build();

  public static final Option<LearningRateDecay> LR_DECAY =
      Option.of(
              "lr-decay",
              OPTIMISATION,
              Codecs.parsed(
                  "FROM:TO",
                  LearningRateDecay::parse,
                  LearningRateDecay::toString,
                  o ->
                      new LearningRateDecay(
                          o.get("fromEpoch").getAsInt(), o.get("toEpoch").getAsInt())),
              null)
          .help(
              "both learning rates fall linearly to 0 from the end of epoch FROM to the end of"
                  + " epoch TO, e.g. --epochs 40 --lr-decay 25:40")
          .defaultText("default: constant")
          .uses(TRAIN, SWEEP, METADATA)
          .legacy("optimisation.lrDecay")
          .build();

  public static final Option<DiffAugment> AUGMENT =
      Option.of(
              "augment",
              OPTIMISATION,
              Codecs.parsed("OPS", TrainOptions::augmentPolicy, DiffAugment::toString, null),
              DiffAugment.parse("none"))
          .help(
              "DiffAugment: every batch D sees, real and fake, in both updates, goes through these"
                  + " ops (any of "
                  + DiffAugment.ids()
                  + ", comma-separated; none: off), e.g. --augment color,translation,cutout for small"
                  + " data")
          .uses(TRAIN, SWEEP, METADATA)
          .build();

  public static final Option<Augmentation.Probability> AUGMENT_P =
      Option.of(
              "augment-p",
              OPTIMISATION,
              Codecs.parsed(
                  "P", Augmentation.Probability::parse, Augmentation.Probability::toString, null),
              Augmentation.Probability.ALWAYS)
          .help(
              "with --augment, the probability each op applies to each image: a fixed P in [0, 1]"
                  + " (1: the DiffAugment paper's always-on) or auto (ADA: p starts at 0 and rises"
                  + " while D overfits, falls when it does not)")
          .uses(TRAIN, SWEEP, METADATA)
          .build();

  public static final Option<Float> AUGMENT_TARGET =
      Option.of("augment-target", OPTIMISATION, Codecs.real("R", 0f, true, 1f), 0.6f)
          .help(
              "with --augment-p auto, the r_t = E[sign(D(real))] that p steers to (ADA's 0.6;"
                  + " lower: more augmentation)")
          .uses(TRAIN, SWEEP, METADATA)
          .build();

  public static final Option<Long> SEED =
      Option.of("seed", OPTIMISATION, Codecs.longInteger("S", Long.MIN_VALUE), 42L)
          .help("fixes weights, data order, z and dropout")
          .uses(TRAIN, SWEEP, METADATA)
          .legacy("optimisation.seed", "seed")
          .build();

  /**
   * Frozen on resume: it changes what batch norm computes in training (the global batch's
   * statistics, not each worker's), though not the saved networks.
   */
  public static final Option<Boolean> SYNC_BATCH_NORM =
      Option.of("sync-batch-norm", OPTIMISATION, Codecs.onOff(), false)
          .help(
              "with --workers: batch norm normalises with the whole batch's statistics, not each"
                  + " worker's share")
          .ifAbsent(false) // runs before data-parallel training: one process's statistics
          .uses(TRAIN)
          .build();

  // ---- run: where the run goes and how it is recorded (a resumed run may change these) ---------

  public static final Option<Integer> EPOCHS =
      Option.of("epochs", RUN, Codecs.integer("N", 1), 10)
          .help("epochs to train")
          .uses(TRAIN)
          .legacy("run.epochs", "epochs")
          .build();

  public static final Option<String> RUN_DIR =
      Option.of("run-dir", RUN, Codecs.text("DIR"), null)
          .help("where the run's files go")
          .defaultText("default runs/<timestamp>")
          .uses(TRAIN)
          .legacy("run.dir", "runDir")
          .build();

  public static final Option<Integer> KEEP =
      Option.of("keep", RUN, Codecs.integer("K", 1), 3)
          .help("checkpoints to keep")
          .uses(TRAIN, SWEEP)
          .legacy("run.keep", "keep")
          .build();

  public static final Option<Integer> CHECKPOINT_EVERY =
      Option.of("checkpoint-every", RUN, Codecs.integerOrUnset("N", 1, 0), 0)
          .help("also checkpoint every N steps")
          .defaultText("default: after each epoch only")
          .uses(TRAIN, SWEEP)
          .legacy("run.checkpointEvery", "checkpointEvery")
          .build();

  public static final Option<Integer> SUMMARY_EVERY =
      Option.of("summary-every", RUN, Codecs.integer("N", 1), 50)
          .help("TensorBoard scalars every N steps")
          .uses(TRAIN, SWEEP)
          .legacy("run.summaryEvery", "summaryEvery")
          .build();

  public static final Option<Integer> EVAL_EVERY =
      Option.of("eval-every", RUN, Codecs.integer("N", 0), 0)
          .help(
              "every N epochs, FCD of "
                  + dev.dcgan.train.monitor.EvaluationListener.COUNT
                  + " samples on the data set's classifier, into eval.csv and"
                  + " TensorBoard; the best checkpoint is kept in checkpoints/best and exported")
          .defaultText("default: never")
          .uses(TRAIN)
          .legacy("run.evalEvery")
          .build();

  public static final Option<Integer> THREADS =
      Option.of("threads", RUN, Codecs.integer("N", 0), 0)
          .help("TensorFlow intra-op threads")
          .defaultText("default: all cores")
          .uses(TRAIN, BENCH, SWEEP)
          .legacy("run.intraOpThreads", "intraOpThreads")
          .build();

  public static final Option<Integer> INTER_OP_THREADS =
      Option.of("inter-op-threads", RUN, Codecs.integer("N", 0), 1)
          .help("TensorFlow inter-op threads")
          .note("0: TensorFlow's choice")
          .uses(TRAIN, BENCH, SWEEP)
          .legacy("run.interOpThreads", "interOpThreads")
          .build();

  /**
   * A run setting: the global batch stays --batch-size and every worker applies the same averaged
   * update, so a run may resume on another number of workers (docs/distributed.md).
   */
  public static final Option<Integer> WORKERS =
      Option.of("workers", RUN, Codecs.integer("N", 1), 1)
          .help(
              "synchronous data-parallel training on N worker processes on this machine (one"
                  + " TensorFlow thread each unless --threads), or N Spark barrier tasks with"
                  + " --spark-master: each takes 1/N of every batch, their gradients are averaged")
          .ifAbsent(1) // runs before data-parallel training: one process
          .uses(TRAIN)
          .build();

  /** The table, in the order of config.json. */
  public static final List<Option<?>> ALL =
      List.of(
          DATA_PATH,
          FORMAT,
          IMAGE_SIZE,
          CHANNELS,
          LIMIT,
          MAX_IMAGE_PIXELS,
          BACKGROUND,
          LATENT,
          ARCH,
          NGF,
          NDF,
          SPECTRAL_NORM,
          CONDITIONAL,
          CONDITIONING,
          LATENT_CODE,
          PRECISION,
          LOSS,
          BATCH_SIZE,
          LR_D,
          LR_G,
          BETA1,
          D_STEPS,
          EMA,
          LR_DECAY,
          AUGMENT,
          AUGMENT_P,
          AUGMENT_TARGET,
          SEED,
          SYNC_BATCH_NORM,
          EPOCHS,
          RUN_DIR,
          KEEP,
          CHECKPOINT_EVERY,
          SUMMARY_EVERY,
          EVAL_EVERY,
          THREADS,
          INTER_OP_THREADS,
          WORKERS);

  private static DiffAugment augmentPolicy(String text) {
    try {
      return DiffAugment.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--augment takes any of "
              + DiffAugment.ids()
              + " (comma-separated) or none, got '"
              + text.strip()
              + "'");
    }
  }

  private static Background background(String text) {
    try {
      return Background.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--background takes white, black, gray or #RRGGBB, got '" + text.strip() + "'");
    }
  }

  /** The rows used in {@code use}, in table order. */
  public static List<Option<?>> usedIn(Use use) {
    return ALL.stream().filter(o -> o.usedIn(use)).toList();
  }

  /** The rows of {@code group}, in table order. */
  public static List<Option<?>> of(OptionGroup group) {
    return ALL.stream().filter(o -> o.group() == group).toList();
  }

  /** The row called {@code name}, or null. */
  public static Option<?> named(String name) {
    for (var o : ALL) if (o.name().equals(name)) return o;
    return null;
  }
}
