package dev.dcgan.train.cli;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.train.options.TrainOptions;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/** Reading typed flag values, with a usage error naming the flag when a value is bad. */
final class Flags {
  private Flags() {}

  static Option value(String longName, String argName, String description) {
    return Option.builder().longOpt(longName).hasArg().argName(argName).desc(description).build();
  }

  static Option required(String longName, String argName, String description) {
    return Option.builder()
        .longOpt(longName)
        .hasArg()
        .argName(argName)
        .desc(description)
        .required()
        .build();
  }

  static Option flag(String longName, String description) {
    return Option.builder().longOpt(longName).desc(description).build();
  }

  static int intValue(CommandLine cl, String name, int def, int min) throws UsageException {
    if (!cl.hasOption(name)) return def;
    String s = cl.getOptionValue(name);
    try {
      int v = Integer.parseInt(s.trim());
      if (v < min)
        throw new UsageException("--" + name + " must be at least " + min + ", got " + v);
      return v;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " takes a whole number, got '" + s + "'");
    }
  }

  static long longValue(CommandLine cl, String name, long def) throws UsageException {
    return longValue(cl, name, def, Long.MIN_VALUE);
  }

  static long longValue(CommandLine cl, String name, long def, long min) throws UsageException {
    if (!cl.hasOption(name)) return def;
    String s = cl.getOptionValue(name);
    long v;
    try {
      v = Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " takes a whole number, got '" + s + "'");
    }
    if (v < min) throw new UsageException("--" + name + " must be at least " + min + ", got " + v);
    return v;
  }

  static float floatValue(
      CommandLine cl, String name, float def, float minExclusive, float maxExclusive)
      throws UsageException {
    if (!cl.hasOption(name)) return def;
    String s = cl.getOptionValue(name);
    float v;
    try {
      v = Float.parseFloat(s.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " takes a number, got '" + s + "'");
    }
    if (!(v > minExclusive && v < maxExclusive)) {
      throw new UsageException(
          "--"
              + name
              + " must be between "
              + minExclusive
              + " and "
              + maxExclusive
              + " (exclusive), got "
              + s);
    }
    return v;
  }

  /**
   * --threads and --inter-op-threads, which every command that runs TensorFlow graphs takes: the
   * option table's rows.
   */
  static org.apache.commons.cli.Options withThreadOptions(org.apache.commons.cli.Options options) {
    return options
        .addOption(OptionFlags.flag(TrainOptions.THREADS))
        .addOption(OptionFlags.flag(TrainOptions.INTER_OP_THREADS));
  }

  static int intraOpThreads(CommandLine cl) throws UsageException {
    return OptionFlags.value(cl, TrainOptions.THREADS, TrainOptions.THREADS.defaultValue());
  }

  static int interOpThreads(CommandLine cl) throws UsageException {
    return OptionFlags.value(
        cl, TrainOptions.INTER_OP_THREADS, TrainOptions.INTER_OP_THREADS.defaultValue());
  }

  /** --allow-unsafe-ops, which every command that loads a SavedModel takes. */
  static Option allowUnsafeOps() {
    return flag(
        "allow-unsafe-ops",
        "load models with ops beyond what a DCGAN export needs (such as file reads and writes);"
            + " only for models you trust");
  }

  /** The load options --allow-unsafe-ops asks for. */
  static DcganModel.LoadOptions loadOptions(CommandLine cl) {
    var options = DcganModel.LoadOptions.defaults();
    return cl.hasOption("allow-unsafe-ops") ? options.allowUnsafeOps() : options;
  }

  static Path path(CommandLine cl, String name, Path def) {
    return cl.hasOption(name) ? Path.of(cl.getOptionValue(name)) : def;
  }
}
