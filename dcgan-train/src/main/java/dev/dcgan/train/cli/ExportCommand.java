package dev.dcgan.train.cli;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.dcgan.train.export.GeneratorExporter;
import dev.dcgan.train.monitor.EvaluationListener;
import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.options.TrainOptions;
import dev.dcgan.train.training.RunFolder;
import dev.dcgan.train.util.Checkpoints;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code dcgan export}: a run's (newest) checkpoint -> models/NAME/<n>/. */
final class ExportCommand implements Command {
  @Override
  public String name() {
    return "export";
  }

  @Override
  public String summary() {
    return "export a run's generator as a SavedModel in TF Serving's layout (models/NAME/<n>/)";
  }

  @Override
  public Options options() {
    return ExportEvaluation.addOptions(new Options())
        .addOption(
            Flags.required(
                "checkpoint",
                "RUN_DIR",
                "a run folder (its newest checkpoint) or one checkpoints/ckpt-N folder"))
        .addOption(
            Flags.flag(
                "best",
                "with a run folder: its best checkpoint (checkpoints/best, kept by train"
                    + " --eval-every) rather than its newest"))
        .addOption(
            Flags.flag(
                "no-ema",
                "with a run trained with --ema: export G's own weights rather than their average"
                    + " (to compare the two)"))
        .addOption(
            Flags.value(
                "metadata",
                "FILE",
                "a JSON object whose entries are added to the metadata's extra (e.g. the sweep and"
                    + " trial that chose this run, as dcgan sweep does)"))
        .addOption(
            Flags.value(
                "precision",
                Precision.ids(),
                "what the exported graph's convolutions and matmuls compute in; its inputs and"
                    + " outputs are float32 either way (default: what the run was trained with)"))
        .addOption(Flags.required("out", "DIR", "model base folder, e.g. models/dcgan-mnist"))
        .addOption(
            Flags.value(
                "version",
                "N",
                "version folder to create (default: the next free one; never overwrites)"));
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    long version = Flags.longValue(cl, "version", 0);
    var evaluation = ExportEvaluation.plan(cl);
    if (version < 0) throw new UsageException("--version must be >= 1");
    Path given = Path.of(cl.getOptionValue("checkpoint"));
    Path checkpoint;
    Path runDir;
    if (Files.isRegularFile(given.resolve(Checkpoints.STATE_FILE))) {
      if (cl.hasOption("best"))
        throw new UsageException("--best takes a run folder, not a checkpoint: " + given);
      checkpoint = given;
      runDir = given.toAbsolutePath().getParent().getParent();
    } else if (cl.hasOption("best")) {
      runDir = given;
      checkpoint = EvaluationListener.bestCheckpoint(runDir);
      if (!Files.isDirectory(checkpoint))
        throw new IOException(
            runDir
                + " has no best checkpoint ("
                + checkpoint
                + "); train with --eval-every N to keep one, or export without --best");
    } else {
      runDir = given;
      checkpoint = Checkpoints.latestOf(runDir);
    }
    var run = RunFolder.existing(runDir);
    var info = run.readModelInfo();
    var state = Checkpoints.readState(checkpoint);
    var config = run.readConfig();
    float ema = config.optimisation().ema();
    if (cl.hasOption("no-ema")) {
      if (ema == 0)
        throw new UsageException(
            "--no-ema: "
                + runDir
                + " was trained without --ema, so G's own weights are all it has");
      ema = 0; // the exporter reads G's variables, not the shadow copies
    }
    Path base = Path.of(cl.getOptionValue("out"));
    Path target =
        GeneratorExporter.export(
            checkpoint,
            info.spec(),
            base,
            version,
            GeneratorExporter.Provenance.of(info.dataset(), state)
                .trainedWith(config.values())
                .ema(ema)
                .extra(extraMetadata(cl))
                .classes(info.classes())
                .precision(
                    OptionFlags.value(cl, TrainOptions.PRECISION, config.network().precision()))
                .build(),
            evaluation.review(info.dataset(), base, out));
    out.println("exported " + checkpoint + " -> " + target);
    return 0;
  }

  /** The entries of --metadata FILE, none without it. */
  private static Map<String, Object> extraMetadata(CommandLine cl)
      throws IOException, UsageException {
    if (!cl.hasOption("metadata")) return Map.of();
    Path file = Path.of(cl.getOptionValue("metadata"));
    try {
      var json = JsonParser.parseString(Files.readString(file));
      if (!json.isJsonObject())
        throw new UsageException("--metadata " + file + ": not a JSON object");
      var extra = new LinkedHashMap<String, Object>();
      json.getAsJsonObject().entrySet().forEach(e -> extra.put(e.getKey(), e.getValue()));
      return extra;
    } catch (JsonParseException e) {
      throw new UsageException("--metadata " + file + ": not JSON (" + e.getMessage() + ")");
    }
  }
}
