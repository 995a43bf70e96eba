package dev.dcgan.train.cli;

import dev.dcgan.train.ConfigurationException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code dcgan <command> [flags]}. Exit codes: 0 success, 1 failure at run time (one line on
 * stderr; the stack trace with --verbose), 2 bad usage (the message and the usage on stderr; for a
 * setting found wrong once the data or model was seen, a {@link ConfigurationException}, the
 * message and a pointer to the usage), 130/143 stopped by Ctrl-C/SIGTERM after writing a
 * checkpoint.
 */
public final class Main {
  static final String PROGRAM = "dcgan";

  private final Map<String, Command> commands = new LinkedHashMap<>();
  private final PrintStream out;
  private final PrintStream err;

  Main(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
    for (Command c :
        List.of(
            new TrainCommand(),
            new GenerateCommand(),
            new InterpolateCommand(),
            new ProjectCommand(),
            new ExportCommand(),
            new InspectCommand(),
            new BenchCommand(),
            new EvaluateCommand(),
            new CompareCommand(),
            new TrainClassifierCommand(),
            new DataCommand())) {
      commands.put(c.name(), c);
    }
  }

  public static void main(String[] args) {
    System.exit(new Main(System.out, System.err).run(args));
  }

  int run(String[] args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    if (args.length == 0
        || args[0].equals("--help")
        || args[0].equals("-h")
        || args[0].equals("help")) {
      printOverview(args.length == 0 ? err : out);
      return args.length == 0 ? 2 : 0;
    }
    if (args[0].equals("--version")) {
      out.println(PROGRAM + " " + dev.dcgan.train.export.GeneratorExporter.projectVersion());
      return 0;
    }
    Command command = commands.get(args[0]);
    if (command == null && args[0].equals("sweep")) {
      err.println(
          PROGRAM
              + ": sweep runs on Apache Spark, in the dcgan-spark module, which this class path"
              + " has not: use the dcgan launcher (./dcgan sweep --spec FILE), or java -cp"
              + " 'dcgan-spark/target/dcgan-spark.jar:dcgan-spark/target/lib/*'"
              + " dev.dcgan.spark.SweepMain --spec FILE");
      return 2;
    }
    if (command == null && args[0].equals("serve")) {
      err.println(
          PROGRAM
              + ": serve runs in the dcgan-serve module, which this class path has not: use the"
              + " dcgan launcher (./dcgan serve), or java -cp"
              + " 'dcgan-serve/target/dcgan-serve.jar:dcgan-serve/target/lib/*'"
              + " dev.dcgan.serve.ServeMain");
      return 2;
    }
    if (command == null) {
      err.println(PROGRAM + ": unknown command '" + args[0] + "'");
      printOverview(err);
      return 2;
    }
    Options options = command.options();
    options.addOption(Flags.flag("help", "show this help"));
    options.addOption(Flags.flag("verbose", "show stack traces of failures"));
    options.addOption(
        Flags.flag("tf-logs", "show TensorFlow's native log (set by the dcgan launcher)"));
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
      printHelp(command, options, out);
      return 0;
    }
    CommandLine cl;
    try {
      cl = new DefaultParser().parse(options, rest);
      if (!command.takesArguments() && !cl.getArgList().isEmpty())
        throw new UsageException("unexpected argument '" + cl.getArgList().get(0) + "'");
      return command.run(cl, out);
    } catch (ParseException | UsageException e) {
      err.println(PROGRAM + " " + command.name() + ": " + e.getMessage());
      printHelp(command, options, err);
      return 2;
    } catch (ConfigurationException e) {
      // Found after parsing, once the data or the model was seen: the message says what to set.
      err.println(PROGRAM + " " + command.name() + ": " + e.getMessage());
      err.println("(" + PROGRAM + " " + command.name() + " --help lists the flags)");
      if (verbose) e.printStackTrace(err);
      return 2;
    } catch (Exception | OutOfMemoryError e) {
      err.println(PROGRAM + " " + command.name() + ": " + describe(e));
      if (verbose) e.printStackTrace(err);
      else err.println("(run with --verbose for the stack trace)");
      return 1;
    }
  }

  /**
   * One line: the message, or the type when there is none; TF's multi-line messages cut to their
   * first line.
   */
  static String describe(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) return e.getClass().getSimpleName();
    m = m.strip();
    int nl = m.indexOf('\n');
    String first = nl < 0 ? m : m.substring(0, nl);
    if (e instanceof FileSystemException f && fileInTheWay(f) != null) {
      Path file = fileInTheWay(f);
      String inIt =
          file.equals(Path.of(f.getFile())) ? "" : ", so " + f.getFile() + " cannot be in it";
      return file + " is a file, not a folder" + inIt + "; choose another path";
    }
    if (e instanceof java.nio.file.NoSuchFileException) return "no such file or folder: " + first;
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied: " + first;
    if (first.contains("No space left")) return "disk full: " + first;
    return first;
  }

  /**
   * The file that stands where a folder is needed, when that is why {@code e} happened (creating a
   * folder where a file is, or in one), else null.
   */
  private static Path fileInTheWay(FileSystemException e) {
    boolean notAFolder =
        e instanceof FileAlreadyExistsException || "Not a directory".equals(e.getReason());
    if (!notAFolder || e.getFile() == null) return null;
    for (Path p = Path.of(e.getFile()); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p)) return p;
    }
    return null;
  }

  private void printOverview(PrintStream s) {
    s.println(
        "usage: "
            + PROGRAM
            + " <command> [flags]    ("
            + PROGRAM
            + " <command> --help for its flags)");
    s.println();
    s.println(
        "Train DCGANs with TensorFlow Java, export the generator as a SavedModel, generate images.");
    s.println();
    s.println("commands:");
    commands.values().forEach(c -> s.printf("  %-16s %s%n", c.name(), c.summary()));
    // Not commands of this class: the dcgan launcher runs them from dcgan-spark and dcgan-serve.
    s.printf(
        "  %-16s %s%n",
        "sweep",
        "sweep train options on Apache Spark, one trial per task, export the best (dcgan-spark)");
    s.printf(
        "  %-16s %s%n",
        "serve",
        "serve models/ with TF Serving's REST API and an explorer page at / (dcgan-serve)");
    s.println();
    s.println(
        "Exit codes: 0 ok, 1 failed, 2 bad usage, 130/143 interrupted (a checkpoint was written).");
  }

  private static void printHelp(Command c, Options options, PrintStream s) {
    var pw = new PrintWriter(s);
    var help = new HelpFormatter();
    help.setWidth(100);
    help.printHelp(
        pw,
        100,
        PROGRAM
            + " "
            + c.name()
            + (c.arguments().isEmpty() ? "" : " " + c.arguments())
            + " [flags]",
        c.summary(),
        options,
        2,
        2,
        null,
        false);
    pw.flush();
  }
}
