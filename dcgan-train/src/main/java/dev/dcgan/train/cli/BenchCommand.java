package dev.dcgan.train.cli;

import dev.dcgan.train.bench.Benchmark;
import dev.dcgan.train.util.Json;
import dev.dcgan.train.util.SessionOptions;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code dcgan bench}: training and generation speed of the default model. */
final class BenchCommand implements Command {
  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "measure steady-state training and generation images/s of the default model";
  }

  @Override
  public Options options() {
    return Flags.withThreadOptions(new Options())
        .addOption(Flags.value("batch-size", "N", "training batch size (default 256)"))
        .addOption(Flags.value("steps", "N", "timed training steps (default 20)"))
        .addOption(Flags.value("warmup", "N", "untimed steps first (default 3)"))
        .addOption(
            Flags.value(
                "memory-steps",
                "N",
                "steps watched for resident-memory growth (default 2000; 0 skips)"))
        .addOption(Flags.value("memory-batch", "N", "batch size of those steps (default 32)"))
        .addOption(Flags.flag("no-startup", "skip timing a fresh JVM to its first image"))
        .addOption(Flags.flag("xla", "compile the training graph with XLA's JIT (an experiment)"))
        .addOption(
            Flags.flag("remapper", "turn Grappler's remapper on (an experiment; off by default)"))
        .addOption(Flags.flag("json", "print one JSON object"));
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    var settings =
        new Benchmark.Settings(
            Flags.intValue(cl, "batch-size", 256, 1),
            Flags.intValue(cl, "steps", 20, 1),
            Flags.intValue(cl, "warmup", 3, 0),
            Flags.intValue(cl, "memory-steps", 2000, 0),
            Flags.intValue(cl, "memory-batch", 32, 1),
            !cl.hasOption("no-startup"),
            new SessionOptions(
                Flags.intraOpThreads(cl),
                Flags.interOpThreads(cl),
                cl.hasOption("xla"),
                cl.hasOption("remapper")));
    var results = Benchmark.run(settings);
    if (cl.hasOption("json")) {
      out.println(Json.toJson(results).replaceAll("\\s*\\n\\s*", " "));
    } else {
      results.forEach((k, v) -> out.printf("%-28s %s%n", k, v));
    }
    return 0;
  }
}
