package dev.dcgan.train.cli;

import dev.dcgan.train.monitor.EvalTable;
import dev.dcgan.train.monitor.EvaluationListener;
import dev.dcgan.train.monitor.FcdCurves;
import dev.dcgan.train.monitor.LossesCsv;
import dev.dcgan.train.options.Option;
import dev.dcgan.train.options.TrainOptions;
import dev.dcgan.train.training.RunFolder;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.util.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code dcgan compare RUN_DIR...}: runs trained with {@code --eval-every} side by side, from their
 * {@code eval.csv}, {@code losses.csv} and {@code config.json}: a table (or JSON) of each run's FCD
 * at its last evaluated epoch and at its best, and with {@code --out} their FCD curves in one
 * chart. Every run is read before anything is written.
 */
final class CompareCommand implements Command {
  /** The losses.csv column whose mean over the last evaluated epoch the table shows. */
  static final String REAL_SCORE = "d_real";

  @Override
  public String name() {
    return "compare";
  }

  @Override
  public String summary() {
    return "compare runs trained with --eval-every: FCD at the last and the best epoch, D(x),"
        + " and with --out their FCD curves in one chart";
  }

  @Override
  public boolean takesArguments() {
    return true;
  }

  @Override
  public String arguments() {
    return "RUN_DIR...";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Flags.value(
                "out",
                "PNG",
                "draw FCD against epoch, one line per run, into this PNG (its folder must exist)"))
        .addOption(Flags.flag("json", "print the table as JSON"));
  }

  /**
   * One run's row.
   *
   * @param run its label: the folder's name, or the path as given when two runs share a name
   * @param meanRealScore the mean of losses.csv's d_real over the last evaluated epoch (D's
   *     probability that a training image is real, or with the least-squares, hinge and wgan-gp
   *     losses a raw score); null when losses.csv has no rows of that epoch
   * @param settings the data, network and optimisation options in which the compared runs differ,
   *     as their flags take them
   */
  record Summary(
      String run,
      String dir,
      int evaluations,
      int lastEpoch,
      double lastFcd,
      int bestEpoch,
      double bestFcd,
      Double meanRealScore,
      Map<String, String> settings) {}

  /** What compare reads of one run folder. */
  private record Run(Path dir, EvalTable eval, Double meanRealScore, TrainConfig config) {}

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    List<Path> dirs = cl.getArgList().stream().map(Path::of).toList();
    if (dirs.isEmpty()) {
      throw new UsageException(
          "name the run folders to compare, each trained with --eval-every N: "
              + Main.PROGRAM
              + " compare RUN_DIR...");
    }
    Path png = cl.hasOption("out") ? chartFile(cl) : null;
    var seen = new HashSet<Path>();
    for (Path dir : dirs) {
      if (!seen.add(dir.toAbsolutePath().normalize()))
        throw new UsageException(dir + " is named twice; name each run once");
    }
    var runs = new ArrayList<Run>();
    for (Path dir : dirs) runs.add(read(dir));
    var summaries = summaries(runs);
    if (png != null) {
      var curves = new ArrayList<FcdCurves.Curve>();
      for (int i = 0; i < runs.size(); i++)
        curves.add(new FcdCurves.Curve(summaries.get(i).run(), runs.get(i).eval()));
      FcdCurves.write(png, curves);
    }
    if (cl.hasOption("json")) {
      out.println(Json.toJson(summaries));
    } else {
      out.print(table(summaries));
      if (png != null) out.println("FCD curves: " + png);
    }
    return 0;
  }

  /** --out: a .png in a folder that exists, checked before any run is read. */
  private static Path chartFile(CommandLine cl) throws UsageException {
    Path file = Path.of(cl.getOptionValue("out"));
    if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
      throw new UsageException("--out must name a .png file, got " + file);
    Path folder = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) {
      throw new UsageException(
          "--out "
              + file
              + ": "
              + folder
              + (Files.exists(folder) ? " is not a folder" : " does not exist")
              + "; name a PNG in a folder that exists");
    }
    return file;
  }

  private static Run read(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) throw new IOException("no such run folder: " + dir);
    Path table = dir.resolve(EvaluationListener.TABLE);
    if (!Files.isRegularFile(table)) {
      throw new IOException(
          dir
              + " has no "
              + EvaluationListener.TABLE
              + ": only a run trained with --eval-every N has FCD by epoch");
    }
    if (!Files.isRegularFile(dir.resolve(RunFolder.CONFIG))) {
      throw new IOException(
          dir + " has no " + RunFolder.CONFIG + ", so it is no run folder that train wrote");
    }
    var run = new RunFolder(dir);
    var eval = EvalTable.read(table);
    var realScore = LossesCsv.meanOverEpoch(run.losses(), REAL_SCORE, eval.last().epoch());
    return new Run(
        dir, eval, realScore.isPresent() ? realScore.getAsDouble() : null, run.readConfig());
  }

  private static List<Summary> summaries(List<Run> runs) {
    List<Option<?>> differing = differingOptions(runs);
    var names = runs.stream().map(r -> name(r.dir())).toList();
    var summaries = new ArrayList<Summary>();
    for (Run r : runs) {
      String name = name(r.dir());
      String label = names.indexOf(name) == names.lastIndexOf(name) ? name : r.dir().toString();
      var settings = new LinkedHashMap<String, String>();
      for (var o : differing)
        settings.put(o.name(), Objects.requireNonNullElse(r.config().values().format(o), "-"));
      var last = r.eval().last();
      var best = r.eval().best();
      summaries.add(
          new Summary(
              label,
              r.dir().toString(),
              r.eval().rows().size(),
              last.epoch(),
              last.fcd(),
              best.epoch(),
              best.fcd(),
              r.meanRealScore(),
              settings));
    }
    return summaries;
  }

  /** The folder's own name ({@code run-a} of {@code runs/run-a/}). */
  private static String name(Path dir) {
    Path name = dir.toAbsolutePath().normalize().getFileName();
    return name == null ? dir.toString() : name.toString();
  }

  /**
   * The options a resumed run may not change (data, network, optimisation) whose values are not the
   * same in all runs, in the option table's order.
   */
  private static List<Option<?>> differingOptions(List<Run> runs) {
    var differing = new HashSet<Option<?>>();
    TrainConfig first = runs.get(0).config();
    for (Run r : runs) differing.addAll(first.frozenDifferences(r.config()));
    return TrainOptions.ALL.stream().filter(differing::contains).toList();
  }

  static String table(List<Summary> summaries) {
    var rows = new ArrayList<List<String>>();
    rows.add(
        List.of("run", "evals", "last epoch", "FCD", "best FCD", "at epoch", "D(x)", "settings"));
    for (Summary s : summaries) {
      var settings = new ArrayList<String>();
      s.settings().forEach((k, v) -> settings.add(k + "=" + v));
      rows.add(
          List.of(
              s.run(),
              Integer.toString(s.evaluations()),
              Integer.toString(s.lastEpoch()),
              String.format(Locale.ROOT, "%.2f", s.lastFcd()),
              String.format(Locale.ROOT, "%.2f", s.bestFcd()),
              Integer.toString(s.bestEpoch()),
              s.meanRealScore() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.3f", s.meanRealScore()),
              String.join(" ", settings)));
    }
    var text = new StringBuilder();
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (var row : rows)
      for (int c = 0; c < columns; c++) widths[c] = Math.max(widths[c], row.get(c).length());
    for (var row : rows) {
      var line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        String cell = row.get(c);
        // Names and settings to the left, figures to the right.
        boolean left = c == 0 || c == columns - 1;
        String pad = " ".repeat(widths[c] - cell.length());
        line.append(c == 0 ? "" : "  ").append(left ? cell + pad : pad + cell);
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    text.append(
        String.format(
            Locale.ROOT,
            "FCD: lower is better (eval.csv, %d images an evaluation). settings: where the runs"
                + " differ.%nD(x): mean d_real of losses.csv over the last evaluated epoch:"
                + " with the non-saturating or minimax%nloss, D's probability that a training"
                + " image is real; near 1 hints that D memorises them.%n",
            EvaluationListener.COUNT));
    return text.toString();
  }
}
