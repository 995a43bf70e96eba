package dev.dcgan.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code dcgan sweep}: the dcgan launcher runs this class (with dcgan-spark's class path) for the
 * sweep command, so that dcgan-train never needs Spark; spark-submit runs it too. Exit codes as
 * dcgan's: 0 ok, 1 failed, 2 bad usage or spec.
 */
public final class SweepMain {
  static final String USAGE = "dcgan sweep --spec FILE [flags]";

  static final String SUMMARY =
      "train a grid and/or random search of train options on Apache Spark, one trial per task,"
          + " and export the best (the spec: docs/sweeps.md)";

  private SweepMain() {}

  /** More trials than this need --allow-many-trials: days of training, most likely a typo. */
  static final long MANY_TRIALS = 10_000;

  /** No sweep lists more trials than this: their list alone would fill the driver's memory. */
  static final long MOST_TRIALS = 1_000_000;

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(run(args, System.out, System.err));
  }

  static Options options() {
    return new Options()
        .addOption(value("spec", "FILE", "the sweep: a JSON file (docs/sweeps.md)"))
        .addOption(
            value(
                "master",
                "URL",
                "local[N] (N trials at a time in this JVM's executors), spark://HOST:7077, yarn,"
                    + " k8s://...; default: what spark-submit or spark.master gives, else"
                    + " local[1]"))
        .addOption(
            value(
                "out",
                "DIR",
                "the sweep folder: trials/<id>/run, results, leaderboard, charts; on a cluster a"
                    + " shared file system path every node sees (default runs/sweep-<name>); run"
                    + " again with the same spec to resume"))
        .addOption(
            value("export", "DIR", "model base folder for the best trial (default models/<name>)"))
        .addOption(Option.builder().longOpt("no-export").desc("do not export the best").build())
        .addOption(
            value(
                "train-classpath",
                "CP",
                "class path of the trial JVMs on every node: dcgan-spark.jar and its lib/*"
                    + " (default: this JVM's)"))
        .addOption(
            value(
                "trial-java-options",
                "OPTS",
                "JVM options of each trial, space separated (default -Xmx2g)"))
        .addOption(
            Option.builder()
                .longOpt("conf")
                .hasArg()
                .argName("KEY=VALUE")
                .desc("a Spark setting, repeatable (e.g. spark.task.cpus=2)")
                .build())
        .addOption(
            Option.builder()
                .longOpt("allow-many-trials")
                .desc(
                    "run a spec of more than "
                        + MANY_TRIALS
                        + " trials (at most "
                        + MOST_TRIALS
                        + "); without it such a spec is refused as a likely mistake")
                .build())
        .addOption(Option.builder().longOpt("help").desc("show this help").build())
        .addOption(
            Option.builder().longOpt("verbose").desc("show stack traces of failures").build());
  }

  private static Option value(String name, String arg, String desc) {
    return Option.builder().longOpt(name).hasArg().argName(arg).desc(desc).build();
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    var options = options();
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      help(options, out);
      return 0;
    }
    try {
      CommandLine cl = new DefaultParser().parse(options, args);
      if (!cl.getArgList().isEmpty())
        throw new ParseException("unexpected argument '" + cl.getArgList().get(0) + "'");
      if (!cl.hasOption("spec")) throw new ParseException("--spec FILE is required");
      var spec =
          SweepSpec.read(Path.of(cl.getOptionValue("spec"))).withDataPaths(SweepMain::dataPath);
      requireTrialCount(spec, cl.hasOption("allow-many-trials"));
      var conf = new LinkedHashMap<String, String>();
      if (cl.hasOption("conf")) {
        for (String kv : cl.getOptionValues("conf")) {
          int eq = kv.indexOf('=');
          if (eq < 1) throw new ParseException("--conf " + kv + ": KEY=VALUE");
          conf.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
      String home = System.getenv("DCGAN_HOME");
      var here = ChildJvm.ofThisJvm(javaOptions(cl), home);
      var jvm =
          cl.hasOption("train-classpath")
              ? new ChildJvm(null, cl.getOptionValue("train-classpath"), here.options(), home)
              : here;
      Path exportBase =
          cl.hasOption("no-export")
              ? null
              : Path.of(cl.getOptionValue("export", "models/" + spec.name()));
      Path folder = outPath(cl.getOptionValue("out", "runs/sweep-" + spec.name()));
      if (Files.exists(folder) && !Files.isDirectory(folder))
        throw new ParseException(
            "--out "
                + folder
                + " is a file; the sweep folder is a folder (or a path not there yet)");
      String master =
          cl.getOptionValue(
              "master", System.getProperty("spark.master") == null ? "local[1]" : null);
      if (master != null) requireMasterUrl(master);
      if (master != null) requireReachable(master);
      var sweep = new Sweep(spec, folder, master, exportBase, jvm, conf, Map.of());
      sweep.run(out);
      return 0;
    } catch (ParseException e) {
      err.println("dcgan sweep: " + e.getMessage());
      help(options, err);
      return 2;
    } catch (SweepSpec.SpecException e) {
      err.println("dcgan sweep: " + e.getMessage());
      err.println("(docs/sweeps.md documents the spec; dcgan sweep --help the flags)");
      return 2;
    } catch (Exception e) {
      err.println(
          "dcgan sweep: "
              + (e.getMessage() == null
                  ? e.toString()
                  : e.getMessage().lines().findFirst().orElse("")));
      if (Arrays.asList(args).contains("--verbose")) e.printStackTrace(err);
      else err.println("(run with --verbose for the stack trace; run again to resume the sweep)");
      return 1;
    }
  }

  private static void requireTrialCount(SweepSpec spec, boolean allowMany)
      throws SweepSpec.SpecException {
    long n = spec.trialCount();
    String count = n == Long.MAX_VALUE ? "more than 2^63" : Long.toString(n);
    if (n > MOST_TRIALS)
      throw new SweepSpec.SpecException(
          "the grid and random draws make "
              + count
              + " trials; a sweep runs at most "
              + MOST_TRIALS);
    if (n > MANY_TRIALS && !allowMany)
      throw new SweepSpec.SpecException(
          "the grid and random draws make "
              + count
              + " trials, more than "
              + MANY_TRIALS
              + "; if you mean it, pass --allow-many-trials");
  }

  /** The master URLs Spark 4 knows, by their form; the address itself is Spark's to reach. */
  private static final java.util.regex.Pattern MASTER =
      java.util.regex.Pattern.compile(
          "local(\\[(\\d+|\\*)(,\\d+)?])?"
              + "|local-cluster\\[\\d+, *\\d+, *\\d+]"
              + "|spark://[^\\s/:,]+(:\\d{1,5})?(,[^\\s/:,]+(:\\d{1,5})?)*"
              + "|yarn"
              + "|k8s://\\S+");

  /** A malformed --master is a usage error, said before Spark starts or --out is touched. */
  static void requireMasterUrl(String master) throws ParseException {
    if (!MASTER.matcher(master).matches())
      throw new ParseException(
          "--master "
              + master
              + ": not a Spark master URL; give local[N], spark://HOST:PORT, yarn or k8s://...");
  }

  /** How long the first connection to a standalone master may take. */
  private static final int CONNECT_MILLIS = 10_000;

  /**
   * A standalone master that nothing answers at is said in one sentence before --out is touched;
   * Spark itself would retry for a minute, then fail with a stopped context.
   */
  static void requireReachable(String master) throws IOException {
    if (!master.startsWith("spark://")) return;
    IOException last = null;
    for (String hostPort : master.substring("spark://".length()).split(",")) {
      int colon = hostPort.lastIndexOf(':');
      String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      int port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1));
      try (var socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress(host, port), CONNECT_MILLIS);
        return;
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IOException(
        "cannot reach the Spark master "
            + master
            + " ("
            + last.getMessage()
            + "); is it running, and is the address right?");
  }

  /**
   * The sweep folder: a path, or a file: URL. Other Hadoop file systems (hdfs://, s3a://) are
   * refused: the trainer writes its run folders with java.nio, so they must be a mounted path.
   */
  static Path outPath(String out) throws ParseException {
    if (out.startsWith("file:")) return Path.of(java.net.URI.create(out));
    if (out.matches("[A-Za-z][A-Za-z0-9+.-]*://.*"))
      throw new ParseException(
          "--out "
              + out
              + ": give a path (or a file: URL) on storage every node mounts; the trials write"
              + " their run folders with java.nio, not through Hadoop's file systems");
    return Path.of(out);
  }

  /**
   * A data path as {@code dcgan train} finds it from here (here, else under DCGAN_HOME), made
   * absolute; "fake" stays.
   */
  static String dataPath(String data) {
    if (data.equals("fake")) return data;
    return dev.dcgan.train.ProjectPaths.resolve(Path.of(data))
        .toAbsolutePath()
        .normalize()
        .toString();
  }

  private static List<String> javaOptions(CommandLine cl) {
    return List.of(cl.getOptionValue("trial-java-options", "-Xmx2g").trim().split("\\s+"));
  }

  private static void help(Options options, PrintStream s) {
    var pw = new PrintWriter(s);
    new HelpFormatter().printHelp(pw, 100, USAGE, SUMMARY, options, 2, 2, null, false);
    pw.flush();
  }
}
