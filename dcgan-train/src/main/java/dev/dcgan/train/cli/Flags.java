package dev.dcgan.train.cli;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.train.nn.Precision;
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
   * A number in {@code [min, maxExclusive)}, e.g. a decay that may be 0 but not 1; the message
   * shows the bounds as given (no float stand-in for "just below 0").
   */
  static float floatValueFrom(CommandLine cl, String name, float def, float min, float maxExclusive)
      throws UsageException {
    if (!cl.hasOption(name)) return def;
    String s = cl.getOptionValue(name);
    float v;
    try {
      v = Float.parseFloat(s.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " takes a number, got '" + s + "'");
    }
    if (!(v >= min && v < maxExclusive)) {
      throw new UsageException(
          "--" + name + " must be at least " + min + " and below " + maxExclusive + ", got " + s);
    }
    return v;
  }

  /** --threads and --inter-op-threads, which every command that runs TensorFlow graphs takes. */
  static org.apache.commons.cli.Options withThreadOptions(org.apache.commons.cli.Options options) {
    return options
        .addOption(value("threads", "N", "TensorFlow intra-op threads (default: all cores)"))
        .addOption(
            value(
                "inter-op-threads",
                "N",
                "TensorFlow inter-op threads (default 1; 0: TensorFlow's choice)"));
  }

  static int intraOpThreads(CommandLine cl) throws UsageException {
    return intValue(cl, "threads", 0, 0);
  }

  static int interOpThreads(CommandLine cl) throws UsageException {
    return intValue(cl, "inter-op-threads", 1, 0);
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

  /** --precision fp32|bf16. */
  static Precision precision(CommandLine cl, Precision def) throws UsageException {
    if (!cl.hasOption("precision")) return def;
    String s = cl.getOptionValue("precision");
    var p = Precision.parse(s.trim());
    if (p == null)
      throw new UsageException("--precision takes " + Precision.ids() + ", got '" + s + "'");
    return p;
  }

  static Path path(CommandLine cl, String name, Path def) {
    return cl.hasOption(name) ? Path.of(cl.getOptionValue(name)) : def;
  }
}
