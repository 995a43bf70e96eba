package dev.dcgan.train.cli;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.train.data.LoadOptions;
import dev.dcgan.train.export.GeneratorExporter;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.TrainResult;
import dev.dcgan.train.training.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
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
    var d = TrainConfig.defaults();
    return ExportEvaluation.addOptions(Flags.withThreadOptions(new Options()))
        .addOption(
            Flags.value(
                "data",
                "PATH",
                "a folder (IDX files, CIFAR-10 batches, or images), an IDX file, or 'fake' (default "
                    + d.data()
                    + ")"))
        .addOption(
            Flags.value("format", "F", "idx, folder, cifar10 or fake (default: told from --data)"))
        .addOption(
            Flags.value(
                "image-size",
                "N",
                "side of the square images made from a folder or fake data (default 64)"))
        .addOption(
            Flags.value("channels", "C", "1 (grayscale) or 3 (RGB) (default: what the images are)"))
        .addOption(Flags.value("limit", "N", "use only the first N training images (default: all)"))
        .addOption(
            Flags.value(
                "max-image-pixels",
                "N",
                "skip folder images whose header claims more pixels, undecoded (default "
                    + LoadOptions.DEFAULT_MAX_IMAGE_PIXELS
                    + ")"))
        .addOption(Flags.value("epochs", "N", "epochs to train (default " + d.epochs() + ")"))
        .addOption(
            Flags.value(
                "batch-size", "N", "real images per D update (default " + d.batchSize() + ")"))
        .addOption(Flags.value("latent", "N", "width of z (default " + d.latentSize() + ")"))
        .addOption(
            Flags.value(
                "arch",
                "NAME",
                "tutorial or dcgan (default: tutorial for 28x28, dcgan for 32x32 and 64x64)"))
        .addOption(Flags.value("ngf", "N", "dcgan: G's width unit (default 64)"))
        .addOption(Flags.value("ndf", "N", "dcgan: D's width unit (default 64)"))
        .addOption(Flags.value("lr-d", "LR", "D's Adam learning rate (default 2e-4)"))
        .addOption(Flags.value("lr-g", "LR", "G's Adam learning rate (default 2e-4)"))
        .addOption(Flags.value("beta1", "B", "Adam's beta1 for both networks (default 0.5)"))
        .addOption(Flags.value("d-steps", "K", "D updates per G update (default 1)"))
        .addOption(
            Flags.value(
                "seed", "S", "fixes weights, data order, z and dropout (default " + d.seed() + ")"))
        .addOption(
            Flags.value("run-dir", "DIR", "where the run's files go (default runs/<timestamp>)"))
        .addOption(Flags.value("keep", "K", "checkpoints to keep (default " + d.keep() + ")"))
        .addOption(
            Flags.value(
                "checkpoint-every",
                "N",
                "also checkpoint every N steps (default: after each epoch only)"))
        .addOption(
            Flags.value("summary-every", "N", "TensorBoard scalars every N steps (default 50)"))
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
                "continue the run in RUN_DIR from its newest checkpoint (from step 0 if none)"))
        .addOption(
            Flags.value(
                "export",
                "DIR",
                "model base folder to export to (default models/dcgan-<data set>)"))
        .addOption(Flags.flag("no-export", "do not export at the end"));
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    var evaluation = ExportEvaluation.plan(cl);
    Trainer trainer;
    if (cl.hasOption("resume")) {
      for (String f :
          new String[] {
            "data",
            "format",
            "image-size",
            "channels",
            "limit",
            "max-image-pixels",
            "batch-size",
            "latent",
            "arch",
            "ngf",
            "ndf",
            "seed",
            "run-dir"
          }) {
        if (cl.hasOption(f))
          throw new UsageException(
              "--" + f + " cannot change a resumed run (it is in its config.json)");
      }
      trainer =
          Trainer.resume(Path.of(cl.getOptionValue("resume")), Flags.intValue(cl, "epochs", 0, 1));
    } else {
      trainer = new Trainer(config(cl));
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
      result =
          trainer.train(new ConsoleReport(out, terminal, Flags.intValue(cl, "log-every", 100, 1)));
      if (result.stopped()) {
        out.println("stopped at step " + result.steps() + "; checkpoint " + result.checkpoint());
        out.println(
            "resume with: " + Launcher.command("train", "--resume", result.runDir().toString()));
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
              dev.dcgan.train.ProjectPaths.resolve(Path.of("models"))
                  .resolve("dcgan-" + result.dataset()));
      var c = trainer.config();
      Path version =
          GeneratorExporter.export(
              result.checkpoint(),
              result.spec(),
              base,
              0,
              new GeneratorExporter.Provenance(
                  result.dataset(), result.epochs(), result.steps(), c.seed(), Map.of()),
              evaluation.review(result.dataset(), base, out));
      out.println("exported " + version);
      try (var model = DcganModel.load(version)) {
        Path grid = result.runDir().resolve("generated.png");
        model.generate(64, c.seed()).writeGridPng(grid, 8);
        out.println("generated " + grid);
      }
    }
    return exitCode;
  }

  private static TrainConfig config(CommandLine cl) throws UsageException {
    var d = TrainConfig.defaults();
    float beta1 = Flags.floatValue(cl, "beta1", d.dAdam().beta1(), -Float.MIN_VALUE, 1f);
    var dAdam =
        d.dAdam()
            .withLearningRate(Flags.floatValue(cl, "lr-d", d.dAdam().learningRate(), 0f, 10f))
            .withBeta1(beta1);
    var gAdam =
        d.gAdam()
            .withLearningRate(Flags.floatValue(cl, "lr-g", d.gAdam().learningRate(), 0f, 10f))
            .withBeta1(beta1);
    try {
      return TrainConfig.builder()
          .data(
              cl.getOptionValue(
                  "data",
                  dev.dcgan.train.ProjectPaths.resolve(java.nio.file.Path.of(d.data())).toString()))
          .format(cl.getOptionValue("format"))
          .imageSize(Flags.intValue(cl, "image-size", 0, 4))
          .channels(Flags.intValue(cl, "channels", 0, 1))
          .limit(Flags.intValue(cl, "limit", 0, 1))
          .maxImagePixels(
              Flags.longValue(cl, "max-image-pixels", LoadOptions.DEFAULT_MAX_IMAGE_PIXELS, 1))
          .epochs(Flags.intValue(cl, "epochs", d.epochs(), 1))
          .batchSize(Flags.intValue(cl, "batch-size", d.batchSize(), 1))
          .latentSize(Flags.intValue(cl, "latent", d.latentSize(), 1))
          .architecture(cl.getOptionValue("arch"))
          .ngf(Flags.intValue(cl, "ngf", 0, 1))
          .ndf(Flags.intValue(cl, "ndf", 0, 1))
          .checkpointEvery(Flags.intValue(cl, "checkpoint-every", 0, 1))
          .summaryEvery(Flags.intValue(cl, "summary-every", 50, 1))
          .dAdam(dAdam)
          .gAdam(gAdam)
          .dStepsPerG(Flags.intValue(cl, "d-steps", 1, 1))
          .seed(Flags.longValue(cl, "seed", d.seed()))
          .runDir(cl.getOptionValue("run-dir"))
          .keep(Flags.intValue(cl, "keep", d.keep(), 1))
          .threads(Flags.intraOpThreads(cl), Flags.interOpThreads(cl))
          .build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
