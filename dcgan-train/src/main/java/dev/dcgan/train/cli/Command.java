package dev.dcgan.train.cli;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One subcommand of {@code dcgan}. */
interface Command {
  String name();

  /** One line for the command list. */
  String summary();

  /** True if it takes words besides its flags (as {@code data emoji}); most take none. */
  default boolean takesArguments() {
    return false;
  }

  /** The words besides the flags, for the usage line ({@code RUN_DIR...}); most take none. */
  default String arguments() {
    return "";
  }

  /** The flags, without --help and --verbose (every command has those). */
  Options options();

  /**
   * Runs it; returns the exit code. Throw UsageException for bad values, anything else for
   * failures.
   */
  int run(CommandLine cl, PrintStream out) throws Exception;
}
