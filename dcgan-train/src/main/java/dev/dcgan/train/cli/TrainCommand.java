package dev.dcgan.train.cli;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.GeneratedImages;
import dev.dcgan.train.ProjectPaths;
import dev.dcgan.train.data.DataFormat;
import dev.dcgan.train.data.LoadOptions;
import dev.dcgan.train.export.GeneratorExporter;
import dev.dcgan.train.loss.LossType;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.Conditioning;
import dev.dcgan.train.monitor.EvaluationListener;
import dev.dcgan.train.monitor.RunMonitor;
import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.training.DataConfig;
import dev.dcgan.train.training.LearningRateDecay;
import dev.dcgan.train.training.Listeners;
import dev.dcgan.train.training.NetworkConfig;
import dev.dcgan.train.training.OptimisationConfig;
import dev.dcgan.train.training.RunConfig;
import dev.dcgan.train.training.RunFolder;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.TrainResult;
import dev.dcgan.train.training.Trainer;
import dev.dcgan.train.training.TrainingListener;
import dev.dcgan.train.util.Checkpoints;
import dev.dcgan.train.util.CpuFeatures;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code dcgan train}: train, checkpoint every epoch, export, and draw a sample grid. */
final class TrainCommand implements Command {
  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "train a DCGAN (default: embedded MNIST), then export the generator to models/";
  }

  @Override
  public Options options() {
    var options = ExportEvaluation.addOptions(Flags.withThreadOptions(new Options()));
    for (var group :
        List.of(dataOptions(), networkOptions(), optimisationOptions(), runOptions())) {
      group.getOptions().forEach(options::addOption);
    }
    return options
        .addOption(
            Flags.value(
                "log-every",
                "N",
                "when not on a terminal: a progress line every N steps (default 100)"))
        .addOption(Flags.flag("no-progress-bar", "plain progress lines even on a terminal"))
        .addOption(
            Flags.value(
                "resume",
                "RUN_DIR",
                "continue the run in RUN_DIR from its newest checkpoint (from step 0 if none); its"
                    + " data, network and optimisation stay as saved, the run settings (--epochs,"
                    + " --keep, ...) may change"))
        .addOption(
            Flags.value(
                "export",
                "DIR",
                "model base folder to export to (default models/dcgan-<data set>, with"
                    + " --conditional models/dcgan-<data set>-conditional)"))
        .addOption(Flags.flag("no-export", "do not export at the end"))
        .addOption(
            Flags.value(
                DataParallelRun.WORKERS,
                "N",
                "synchronous data-parallel training on N worker processes on this machine (one"
                    + " TensorFlow thread each unless --threads): each takes 1/N of every batch,"
                    + " their gradients are averaged (default 1)"))
        .addOption(
            Flags.flag(
                DataParallelRun.SYNC_BATCH_NORM,
                "with --workers: batch norm normalises with the whole batch's statistics, not each"
                    + " worker's share"));
  }

  /** The flags of {@link DataConfig}. */
  private static Options dataOptions() {
    var d = DataConfig.DEFAULTS;
    return new Options()
        .addOption(
            Flags.value(
                "data",
                "PATH",
                "a folder (IDX files, CIFAR-10 batches, or images), an IDX file, or 'fake' (default "
                    + d.path()
                    + ")"))
        .addOption(Flags.value("format", "F", DataFormat.ids() + " (default: told from --data)"))
        .addOption(
            Flags.value(
                "image-size",
                "N",
                "side of the square images made from a folder or fake data (default "
                    + LoadOptions.DEFAULT_SIZE
                    + ")"))
        .addOption(
            Flags.value("channels", "C", "1 (grayscale) or 3 (RGB) (default: what the images are)"))
        .addOption(Flags.value("limit", "N", "use only the first N training images (default: all)"))
        .addOption(
            Flags.value(
                "max-image-pixels",
                "N",
                "skip folder images whose header claims more pixels, undecoded (default "
                    + LoadOptions.DEFAULT_MAX_IMAGE_PIXELS
                    + ")"));
  }

  /** The flags of {@link NetworkConfig}. */
  private static Options networkOptions() {
    var d = NetworkConfig.DEFAULTS;
    return new Options()
        .addOption(Flags.value("latent", "N", "width of z (default " + d.latentSize() + ")"))
        .addOption(
            Flags.value(
                "arch",
                "NAME",
                Architecture.ids() + " (default: tutorial for 28x28, dcgan for 32x32 and 64x64)"))
        .addOption(
            Flags.value(
                "ngf",
                "N",
                "G's width unit: tutorial 4ngf, 2ngf, ngf maps; dcgan: the last hidden layer has"
                    + " ngf (default "
                    + d.ngf()
                    + ")"))
        .addOption(
            Flags.value(
                "ndf",
                "N",
                "D's width unit: tutorial ndf, 2ndf maps; dcgan: the first layer has ndf (default "
                    + d.ndf()
                    + ")"))
        .addOption(
            Flags.flag(
                "spectral-norm",
                "spectrally normalise D's kernels (one power iteration a step); dcgan: no BN in D"))
        .addOption(
            Flags.flag(
                "conditional",
                "class-conditional GAN for labelled data (IDX with labels, CIFAR-10, class"
                    + " folders): G takes (z, class), D is a projection discriminator"))
        .addOption(
            Flags.value(
                "conditioning",
                "HOW",
                "with --conditional, where G takes the class: "
                    + Conditioning.ids()
                    + " (input: z * embed(class); batch-norm: also a gamma and beta per class in"
                    + " every batch norm of G; default "
                    + d.conditioning().id()
                    + ")"))
        .addOption(
            Flags.value(
                "latent-code",
                "K",
                "an unconditional G's InfoGAN categorical latent code of K values, read off z as"
                    + " argmax(z_0..z_K-1): G's batch norms take the code, D's Q head learns to"
                    + " tell it back, so the codes become kinds of image without labels (default "
                    + d.latentCode()
                    + "; 0: none; not with --conditional)"))
        .addOption(
            Flags.value(
                "precision",
                Precision.ids(),
                "what convolutions and matmuls compute in: bf16 needs AVX512_BF16 or AMX-BF16"
                    + " (else a warning and fp32); weights, Adam, batch norm and the loss stay"
                    + " fp32 (default "
                    + d.precision().id()
                    + ")"));
  }

  /** The flags of {@link OptimisationConfig}. */
  private static Options optimisationOptions() {
    var d = OptimisationConfig.DEFAULTS;
    return new Options()
        .addOption(
            Flags.value(
                "loss",
                "NAME",
                LossType.ids()
                    + " (default "
                    + d.loss().id()
                    + "; wasserstein-gp usually with --d-steps 5)"))
        .addOption(
            Flags.value(
                "batch-size", "N", "real images per D update (default " + d.batchSize() + ")"))
        .addOption(
            Flags.value(
                "lr-d", "LR", "D's Adam learning rate (default " + d.dAdam().learningRate() + ")"))
        .addOption(
            Flags.value(
                "lr-g", "LR", "G's Adam learning rate (default " + d.gAdam().learningRate() + ")"))
        .addOption(
            Flags.value(
                "beta1", "B", "Adam's beta1 for both networks (default " + d.dAdam().beta1() + ")"))
        .addOption(
            Flags.value("d-steps", "K", "D updates per G update (default " + d.dStepsPerG() + ")"))
        .addOption(
            Flags.value(
                "ema",
                "DECAY",
                "grids, evaluation and export use an EMA of G's weights with this decay (default "
                    + d.ema()
                    + "; 0: off, G's own weights)"))
        .addOption(
            Flags.value(
                "lr-decay",
                "FROM:TO",
                "both learning rates fall linearly to 0 from the end of epoch FROM to the end of"
                    + " epoch TO, e.g. --epochs 40 --lr-decay 25:40 (default: constant)"))
        .addOption(
            Flags.value(
                "seed",
                "S",
                "fixes weights, data order, z and dropout (default " + d.seed() + ")"));
  }

  /** The flags of {@link RunConfig} (the thread flags are every command's). */
  private static Options runOptions() {
    var d = RunConfig.DEFAULTS;
    return new Options()
        .addOption(Flags.value("epochs", "N", "epochs to train (default " + d.epochs() + ")"))
        .addOption(
            Flags.value("run-dir", "DIR", "where the run's files go (default runs/<timestamp>)"))
        .addOption(Flags.value("keep", "K", "checkpoints to keep (default " + d.keep() + ")"))
        .addOption(
            Flags.value(
                "checkpoint-every",
                "N",
                "also checkpoint every N steps (default: after each epoch only)"))
        .addOption(
            Flags.value(
                "summary-every",
                "N",
                "TensorBoard scalars every N steps (default " + d.summaryEvery() + ")"))
        .addOption(
            Flags.value(
                "eval-every",
                "N",
                "every N epochs, FCD of "
                    + EvaluationListener.COUNT
                    + " samples on the data set's classifier, into eval.csv and TensorBoard; the"
                    + " best checkpoint is kept in checkpoints/best and exported (default: never)"));
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    var evaluation = ExportEvaluation.plan(cl);
    // --workers N: this process launches the workers, or is one of them (DataParallelRun).
    int workers = Flags.intValue(cl, DataParallelRun.WORKERS, 1, 1);
    var replica = DataParallelRun.worker(cl, workers);
    if (cl.hasOption(DataParallelRun.SYNC_BATCH_NORM) && workers == 1)
      throw new UsageException("--sync-batch-norm needs --workers 2 or more");
    if (workers > 1 && replica.isEmpty()) {
      int batch =
          cl.hasOption("resume")
              ? RunFolder.existing(Path.of(cl.getOptionValue("resume")))
                  .readConfig()
                  .optimisation()
                  .batchSize()
              : config(cl).optimisation().batchSize();
      return DataParallelRun.launch(cl, workers, batch, out);
    }
    Trainer trainer;
    if (cl.hasOption("resume")) {
      Path dir = Path.of(cl.getOptionValue("resume"));
      for (var group : List.of(dataOptions(), networkOptions(), optimisationOptions())) {
        for (var option : group.getOptions()) {
          if (cl.hasOption(option.getLongOpt()))
            throw new UsageException(
                "--"
                    + option.getLongOpt()
                    + " cannot change a resumed run (it is in its config.json)");
        }
      }
      if (cl.hasOption("run-dir"))
        throw new UsageException("--run-dir cannot be given with --resume (the run is RUN_DIR)");
      var run = run(cl, RunFolder.existing(dir).readConfig().run());
      var resumed = Trainer.resume(dir, saved -> run);
      trainer = replica.isPresent() ? resumed.asReplica(replica.get()) : resumed;
    } else {
      trainer =
          replica.isEmpty()
              ? new Trainer(config(cl))
              : new Trainer(config(cl), CpuFeatures.detect(), replica.get());
    }
    if (replica.isPresent() && !replica.get().chief()) {
      // A worker other than the chief trains along and writes nothing; the launcher stops it.
      var result = trainer.train(new TrainingListener() {});
      out.println("worker " + replica.get().index() + ": trained to step " + result.steps());
      return 0;
    }
    int exitCode = 0;
    var finished = new CountDownLatch(1);
    // Ctrl-C / SIGTERM: finish the step, write a checkpoint, then let the JVM exit (130 / 143).
    Thread hook =
        new Thread(
            () -> {
              trainer.requestStop();
              try {
                finished.await(10, TimeUnit.MINUTES);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "dcgan-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    TrainResult result;
    try {
      boolean terminal = System.console() != null && !cl.hasOption("no-progress-bar");
      var report = new ConsoleReport(out, terminal, Flags.intValue(cl, "log-every", 100, 1));
      try (var monitor = new RunMonitor(trainer.runDir(), trainer.config())) {
        result = trainer.train(Listeners.of(monitor, report));
      }
      if (result.stopped()) {
        out.println("stopped at step " + result.steps() + "; checkpoint " + result.checkpoint());
        out.println(
            "resume with: "
                + Launcher.command(
                    replica.isPresent()
                        ? DataParallelRun.resumeArgs(result.runDir(), cl)
                        : new String[] {"train", "--resume", result.runDir().toString()}));
        out.flush();
        return 130; // the JVM, shutting down for the signal, exits 130 (SIGINT) or 143 (SIGTERM)
      }
      if (trainer.stopRequested()) {
        // The signal came during the last step: training is complete, but the JVM is exiting.
        out.println(
            "finished at step "
                + result.steps()
                + " as the stop signal came; checkpoint "
                + result.checkpoint());
        out.println(
            "export with: "
                + Launcher.command(
                    "export", "--checkpoint", result.runDir().toString(), "--out", "models/NAME"));
        out.flush();
        return 130;
      }
    } finally {
      finished.countDown(); // only now may the shutdown hook return and the JVM exit
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already exiting; nothing to undo
    }
    out.println("checkpoint " + result.checkpoint());
    if (!cl.hasOption("no-export")) {
      Path base =
          Flags.path(
              cl,
              "export",
              ProjectPaths.resolve(Path.of("models"))
                  .resolve(defaultModelName(result.dataset(), result.spec().conditional())));
      var c = trainer.config();
      // With evaluation on, the best checkpoint rather than the last: GANs get worse, too.
      Path checkpoint = result.checkpoint();
      Path best = EvaluationListener.bestCheckpoint(result.runDir());
      if (c.run().evalEvery() > 0 && Files.isDirectory(best)) {
        checkpoint = best;
        out.println(
            "exporting the best checkpoint (lowest FCD in " + EvaluationListener.TABLE + ")");
      }
      var state = Checkpoints.readState(checkpoint);
      Path version =
          GeneratorExporter.export(
              checkpoint,
              result.spec(),
              base,
              0,
              new GeneratorExporter.Provenance(
                  result.dataset(),
                  state.epoch(),
                  state.step(),
                  c.optimisation().seed(),
                  c.optimisation().ema(),
                  Map.of(),
                  result.classes(),
                  c.network().precision()),
              evaluation.review(result.dataset(), base, out));
      out.println("exported " + version);
      try (var model = DcganModel.load(version)) {
        Path grid = result.runDir().resolve("generated.png");
        preview(model, c.optimisation().seed()).writeGridPng(grid, PREVIEW_COLUMNS);
        out.println("generated " + grid);
      }
    }
    return exitCode;
  }

  /** Columns of {@code generated.png}. */
  static final int PREVIEW_COLUMNS = 8;

  /**
   * The export's folder under models/ when --export is not given: a conditional model beside, not
   * inside, the unconditional one of the same data set (a new version there would shadow it).
   */
  static String defaultModelName(String dataset, boolean conditional) {
    return "dcgan-" + dataset + (conditional ? "-conditional" : "");
  }

  /** Rows of a conditional model's {@code generated.png} at most: one per class. */
  static final int PREVIEW_CLASSES = 10;

  /**
   * The export's 8x8 preview: 64 images of z from the seed; for a class-conditional model one row
   * per class (the first ten), each row the same eight z, as the per-epoch grid.
   */
  static GeneratedImages preview(DcganModel model, long seed) {
    if (!model.conditional()) return model.generate(PREVIEW_COLUMNS * PREVIEW_COLUMNS, seed);
    int rows = Math.min(model.classNames().size(), PREVIEW_CLASSES);
    float[][] columns = model.sampleLatent(PREVIEW_COLUMNS, seed);
    var z = new float[rows * PREVIEW_COLUMNS][];
    int[] labels = new int[z.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = columns[i % PREVIEW_COLUMNS];
      labels[i] = i / PREVIEW_COLUMNS;
    }
    return model.generate(z, labels);
  }

  private static TrainConfig config(CommandLine cl) throws UsageException {
    return new TrainConfig(data(cl), network(cl), optimisation(cl), run(cl, RunConfig.DEFAULTS));
  }

  /** Also {@code bench}'s: --image-size and --channels are parsed and checked as here. */
  static DataConfig data(CommandLine cl) throws UsageException {
    var d = DataConfig.DEFAULTS;
    try {
      return new DataConfig(
          cl.getOptionValue("data", ProjectPaths.resolve(Path.of(d.path())).toString()),
          cl.hasOption("format") ? DataFormat.parse(cl.getOptionValue("format")) : d.format(),
          Flags.intValue(cl, "image-size", d.imageSize(), 4),
          Flags.intValue(cl, "channels", d.channels(), 1),
          Flags.intValue(cl, "limit", d.limit(), 1),
          Flags.longValue(cl, "max-image-pixels", d.maxImagePixels(), 1));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** Also {@code bench}'s: --arch, --ngf and --ndf are parsed and checked as here. */
  static NetworkConfig network(CommandLine cl) throws UsageException {
    var d = NetworkConfig.DEFAULTS;
    try {
      return new NetworkConfig(
          cl.hasOption("arch") ? Architecture.parse(cl.getOptionValue("arch")) : d.architecture(),
          Flags.intValue(cl, "latent", d.latentSize(), 1),
          Flags.intValue(cl, "ngf", d.ngf(), 1),
          Flags.intValue(cl, "ndf", d.ndf(), 1),
          cl.hasOption("spectral-norm"),
          cl.hasOption("conditional"),
          Flags.precision(cl, d.precision()),
          conditioning(cl, d.conditioning()),
          latentCode(cl, d.latentCode()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static int latentCode(CommandLine cl, int fallback) throws UsageException {
    if (cl.hasOption("latent-code") && cl.hasOption("conditional"))
      throw new UsageException(
          "--latent-code is for unconditional GANs: a conditional G draws from the classes");
    return Flags.intValue(cl, "latent-code", fallback, 0);
  }

  private static Conditioning conditioning(CommandLine cl, Conditioning fallback)
      throws UsageException {
    if (!cl.hasOption("conditioning")) return fallback;
    if (!cl.hasOption("conditional"))
      throw new UsageException(
          "--conditioning needs --conditional (it says how G takes the class)");
    return Conditioning.parse(cl.getOptionValue("conditioning"));
  }

  private static OptimisationConfig optimisation(CommandLine cl) throws UsageException {
    var d = OptimisationConfig.DEFAULTS;
    float beta1 = Flags.floatValue(cl, "beta1", d.dAdam().beta1(), -Float.MIN_VALUE, 1f);
    try {
      return new OptimisationConfig(
          cl.hasOption("loss") ? LossType.parse(cl.getOptionValue("loss")) : d.loss(),
          Flags.intValue(cl, "batch-size", d.batchSize(), 1),
          d.dAdam()
              .withLearningRate(Flags.floatValue(cl, "lr-d", d.dAdam().learningRate(), 0f, 10f))
              .withBeta1(beta1),
          d.gAdam()
              .withLearningRate(Flags.floatValue(cl, "lr-g", d.gAdam().learningRate(), 0f, 10f))
              .withBeta1(beta1),
          Flags.intValue(cl, "d-steps", d.dStepsPerG(), 1),
          Flags.longValue(cl, "seed", d.seed()),
          Flags.floatValue(cl, "ema", d.ema(), -Float.MIN_VALUE, 1f),
          cl.hasOption("lr-decay")
              ? LearningRateDecay.parse(cl.getOptionValue("lr-decay"))
              : d.lrDecay());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** The run settings: the flags given, the others as in {@code base}. */
  private static RunConfig run(CommandLine cl, RunConfig base) throws UsageException {
    try {
      return new RunConfig(
          Flags.intValue(cl, "epochs", base.epochs(), 1),
          cl.getOptionValue("run-dir", base.dir()),
          Flags.intValue(cl, "keep", base.keep(), 1),
          Flags.intValue(cl, "checkpoint-every", base.checkpointEvery(), 1),
          Flags.intValue(cl, "summary-every", base.summaryEvery(), 1),
          cl.hasOption("threads") ? Flags.intraOpThreads(cl) : base.intraOpThreads(),
          cl.hasOption("inter-op-threads") ? Flags.interOpThreads(cl) : base.interOpThreads(),
          Flags.intValue(cl, "eval-every", base.evalEvery(), 0));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
