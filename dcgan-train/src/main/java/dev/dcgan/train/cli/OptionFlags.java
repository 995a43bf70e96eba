package dev.dcgan.train.cli;

import dev.dcgan.train.options.Option;
import dev.dcgan.train.options.OptionValues;
import dev.dcgan.train.options.TrainOptions;
import dev.dcgan.train.options.Use;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * The option table ({@link TrainOptions}) on the command line: its rows as commons-cli options with
 * their help and defaults, and the values of the flags given, read by each row's codec.
 */
final class OptionFlags {
  private OptionFlags() {}

  /** {@code --name}, with the row's help and default. */
  static org.apache.commons.cli.Option flag(Option<?> row) {
    return row.codec().isSwitch()
        ? Flags.flag(row.name(), row.helpWithDefault())
        : Flags.value(row.name(), row.codec().argName(), row.helpWithDefault());
  }

  /** {@code options} with a flag for each row used in {@code use}. */
  static Options add(Options options, Use use) {
    TrainOptions.usedIn(use).forEach(row -> options.addOption(flag(row)));
    return options;
  }

  /** The value of {@code row}'s flag, {@code fallback} if it is not given. */
  static <T> T value(CommandLine cl, Option<T> row, T fallback) throws UsageException {
    if (!cl.hasOption(row.name())) return fallback;
    if (row.codec().isSwitch()) return row.codec().parse(row.flag(), "true");
    try {
      return row.codec().parse(row.flag(), cl.getOptionValue(row.name()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** {@code base} with the value of each of {@code rows} whose flag is given. */
  static OptionValues read(CommandLine cl, OptionValues base, Collection<Option<?>> rows)
      throws UsageException {
    var values = base;
    for (var row : rows) values = readOne(cl, values, row);
    return values;
  }

  private static <T> OptionValues readOne(CommandLine cl, OptionValues values, Option<T> row)
      throws UsageException {
    return cl.hasOption(row.name()) ? values.with(row, value(cl, row, null)) : values;
  }

  /** The rows among {@code rows} whose flags are given. */
  static Set<Option<?>> given(CommandLine cl, Collection<Option<?>> rows) {
    var given = new LinkedHashSet<Option<?>>();
    for (var row : rows) if (cl.hasOption(row.name())) given.add(row);
    return given;
  }
}
