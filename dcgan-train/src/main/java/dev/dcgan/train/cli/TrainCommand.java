package dev.dcgan.train.cli;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.GeneratedImages;
import dev.dcgan.train.ProjectPaths;
import dev.dcgan.train.export.GeneratorExporter;
import dev.dcgan.train.monitor.EvaluationListener;
import dev.dcgan.train.monitor.RunMonitor;
import dev.dcgan.train.options.OptionChecks;
import dev.dcgan.train.options.OptionGroup;
import dev.dcgan.train.options.OptionValues;
import dev.dcgan.train.options.TrainOptions;
import dev.dcgan.train.options.Use;
import dev.dcgan.train.training.Listeners;
import dev.dcgan.train.training.Replica;
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

  /** The option table's train flags, the export's evaluation flags, and train's own. */
  @Override
  public Options options() {
    return OptionFlags.add(ExportEvaluation.addOptions(new Options()), Use.TRAIN)
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
                DataParallelRun.SPARK_MASTER,
                "URL",
                "with --workers N: train on N Spark barrier tasks of this cluster (read by the"
                    + " dcgan script, which runs dcgan-spark; not saved with the run)"));
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    var evaluation = ExportEvaluation.plan(cl);
    if (cl.hasOption(DataParallelRun.SPARK_MASTER))
      throw new UsageException(
          "--spark-master is read by the dcgan script, which starts the run on Spark: run it as"
              + " ./dcgan train --spark-master URL --workers N ...");
    Path resume = cl.hasOption("resume") ? Path.of(cl.getOptionValue("resume")) : null;
    var config = resume != null ? resumedConfig(cl, resume) : config(cl);
    // --workers N: this process launches the workers, or is one of them (DataParallelRun).
    int workers = config.get(TrainOptions.WORKERS);
    var replica = DataParallelRun.worker(workers, config.get(TrainOptions.SYNC_BATCH_NORM));
    if (workers > 1 && replica.isEmpty()) return DataParallelRun.launch(cl, workers, out);
    Trainer trainer;
    if (resume != null) {
      var resumed = Trainer.resume(resume, saved -> config);
      trainer = replica.isPresent() ? resumed.asReplica(replica.get()) : resumed;
    } else {
      trainer = new Trainer(config, CpuFeatures.detect(), replica.orElse(Replica.SOLE));
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
                        ? DataParallelRun.resumeArgs(result.runDir(), replica.get().count())
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
              GeneratorExporter.Provenance.of(result.dataset(), state)
                  .trainedWith(c.values())
                  .classes(result.classes())
                  .build(),
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

  /**
   * A resumed run's configuration: as saved in {@code dir}, its run settings as flags change them.
   */
  private static TrainConfig resumedConfig(CommandLine cl, Path dir) throws Exception {
    for (var option : OptionFlags.given(cl, TrainOptions.usedIn(Use.TRAIN))) {
      if (option.group().frozenOnResume())
        throw new UsageException(
            option.flag() + " cannot change a resumed run (it is in its config.json)");
    }
    if (cl.hasOption("run-dir"))
      throw new UsageException("--run-dir cannot be given with --resume (the run is RUN_DIR)");
    var saved = RunFolder.existing(dir).readConfig();
    var rows = TrainOptions.of(OptionGroup.RUN);
    try { // e.g. --workers that do not divide the saved --batch-size
      return config(
          OptionChecks.resolve(
              OptionFlags.read(cl, saved.values(), rows), OptionFlags.given(cl, rows)));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** A new run's configuration: the flags given, the table's defaults for the others. */
  static TrainConfig config(CommandLine cl) throws UsageException {
    var rows = TrainOptions.usedIn(Use.TRAIN);
    var defaults =
        OptionValues.defaults()
            .with(
                TrainOptions.DATA_PATH,
                ProjectPaths.resolve(Path.of(TrainOptions.DATA_PATH.defaultValue())).toString());
    try {
      return config(
          OptionChecks.resolve(OptionFlags.read(cl, defaults, rows), OptionFlags.given(cl, rows)));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** The values as a configuration; one its groups refuse is bad usage. */
  private static TrainConfig config(OptionValues values) throws UsageException {
    try {
      return new TrainConfig(values);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
