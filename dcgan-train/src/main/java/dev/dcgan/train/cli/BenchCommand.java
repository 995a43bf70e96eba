package dev.dcgan.train.cli;

import com.google.gson.GsonBuilder;
import dev.dcgan.train.bench.Benchmark;
import dev.dcgan.train.bench.FmaPeak;
import dev.dcgan.train.data.MemoryBudget;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.CriticOptions;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.options.OptionValues;
import dev.dcgan.train.options.TrainOptions;
import dev.dcgan.train.options.Use;
import dev.dcgan.train.training.NetworkMemory;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.util.CpuFeatures;
import dev.dcgan.train.util.SessionOptions;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code dcgan bench}: training and generation speed of a model (the default: the tutorial's
 * 28x28x1), its FLOP rate and how close that is to the machine's measured peak.
 */
final class BenchCommand implements Command {
  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "measure steady-state training and generation images/s, FLOP rate and efficiency";
  }

  @Override
  public Options options() {
    // The table's bench rows (--arch, --ngf, --ndf, --precision, the threads), then bench's own
    // words for --image-size and --channels, which it reads with the same codecs.
    return OptionFlags.add(new Options(), Use.BENCH)
        .addOption(
            Flags.value(
                "image-size",
                "N",
                "side of the random square images (default 28 for tutorial, 64 for dcgan)"))
        .addOption(
            Flags.value("channels", "C", "1 or 3 (default 1 at 28x28, 3 otherwise, as the peer)"))
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
        .addOption(
            Flags.flag(
                "train-only",
                "time training only: no peaks or efficiency, memory run, generation or start-up"))
        .addOption(Flags.flag("xla", "compile the training graph with XLA's JIT (an experiment)"))
        .addOption(
            Flags.flag("remapper", "turn Grappler's remapper on (an experiment; off by default)"))
        .addOption(Flags.flag("json", "print one JSON object"));
  }

  @Override
  public int run(CommandLine cl, PrintStream out) throws Exception {
    var asked = OptionFlags.value(cl, TrainOptions.PRECISION, Precision.FP32);
    var cpu = CpuFeatures.detect();
    cpu.fallbackWarning(asked).ifPresent(w -> System.err.println("dcgan bench: " + w));
    var settings =
        new Benchmark.Settings(
            spec(cl),
            FmaPeak.defaultCompiler(),
            Flags.intValue(cl, "batch-size", 256, 1),
            Flags.intValue(cl, "steps", 20, 1),
            Flags.intValue(cl, "warmup", 3, 0),
            Flags.intValue(cl, "memory-steps", 2000, 0),
            Flags.intValue(cl, "memory-batch", 32, 1),
            !cl.hasOption("no-startup"),
            cl.hasOption("train-only"),
            new SessionOptions(
                Flags.intraOpThreads(cl),
                Flags.interOpThreads(cl),
                cl.hasOption("xla"),
                cl.hasOption("remapper")),
            cpu.supported(asked));
    // D as Benchmark builds it: the non-saturating loss's, with batch norm.
    NetworkMemory.of(settings.spec(), CriticOptions.STANDARD)
        .require(settings.batchSize(), false, MemoryBudget.ofThisMachine());
    var results = Benchmark.run(settings);
    if (cl.hasOption("json")) {
      out.println(json(results));
    } else {
      results.forEach(
          (k, v) -> {
            if (v instanceof java.util.List<?> rows) {
              out.println(k); // the per-layer table: one row a line
              rows.forEach(row -> out.println("  " + row));
            } else {
              out.printf("%-36s %s%n", k, v);
            }
          });
    }
    return 0;
  }

  /** One line; a figure that could not be measured is there as null (its note says why). */
  static String json(java.util.Map<String, Object> results) {
    return new GsonBuilder()
        .serializeNulls()
        .serializeSpecialFloatingPointValues()
        .create()
        .toJson(results);
  }

  /**
   * The model to time, parsed and checked as {@code train --data fake} does (a bad combination is a
   * usage error): with neither --arch nor --image-size the tutorial's 28x28x1; --image-size alone
   * takes the default architecture for the size; --arch dcgan alone is 64x64.
   */
  static ModelSpec spec(CommandLine cl) throws UsageException {
    var values = OptionFlags.read(cl, OptionValues.defaults(), TrainOptions.usedIn(Use.BENCH));
    TrainConfig config;
    try {
      config = new TrainConfig(values);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    int size = values.get(TrainOptions.IMAGE_SIZE);
    if (size == 0) size = values.get(TrainOptions.ARCH) == Architecture.DCGAN ? 64 : 28;
    int given = values.get(TrainOptions.CHANNELS);
    int channels = given > 0 ? given : size == 28 ? 1 : 3;
    // 28x28: the tutorial's unless named. The networks as the PyTorch peer builds them: without a
    // latent code, so that the two time the same model.
    return config.modelSpec(size, size, channels).withLatentCode(0);
  }
}
