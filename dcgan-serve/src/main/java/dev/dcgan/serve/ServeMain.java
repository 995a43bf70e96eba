package dev.dcgan.serve;

import dev.dcgan.inference.DcganModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code dcgan serve [--models DIR] [--port 8501] [--host 127.0.0.1] ...}: runs {@link DcganServer}
 * until stopped (Ctrl-C). Exit codes as the rest of the CLI: 2 for bad flags, 1 when it cannot
 * start.
 */
public final class ServeMain {
  private static final Set<String> VALUED =
      Set.of(
          "models",
          "port",
          "host",
          "max-batch-size",
          "batch-timeout-ms",
          "max-images",
          "max-body-mb",
          "poll-seconds");

  static final String USAGE =
      """
      usage: dcgan serve [--models DIR] [--port N] [--host ADDR] [flags]
      Serves every model under DIR (default: the project's models/) with TF Serving's REST API
      (GET /v1/models/NAME[/versions/N][/metadata], POST /v1/models/NAME[/versions/N]:predict)
      and the explorer page at http://HOST:PORT/. New versions are picked up while it runs.
        --models DIR            folder whose sub-folders <name>/<version>/ are the models
        --port N                port to listen on (default 8501, TF Serving's REST port; 0: any)
        --host ADDR             address to listen on (default 127.0.0.1: this machine only)
        --max-batch-size N      rows of z batched into one model run at most (default 256)
        --batch-timeout-ms T    how long a batch waits for more requests (default 2)
        --max-images N          images one request may ask for at most (default 256)
        --max-body-mb N         largest request body in MiB (default 4)
        --poll-seconds S        how often DIR is looked at for new versions (default 1)
        --allow-unsafe-ops      load models with ops beyond a DCGAN export's (trusted models only)
      """;

  private ServeMain() {}

  public static void main(String[] args) throws InterruptedException {
    // One line a log record: time, level, message.
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %5$s%6$s%n");
    DcganServer server;
    try {
      server = start(args, System.out, System.err);
    } catch (UsageError e) {
      System.err.println("dcgan serve: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    } catch (IOException e) {
      System.err.println("dcgan serve: " + e.getMessage());
      System.exit(1);
      return;
    }
    if (server == null) return; // --help
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "serve-shutdown"));
    server.join();
  }

  /** A bad flag or value. */
  static final class UsageError extends Exception {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }

  /** Parses the flags and starts the server; null after printing --help. */
  static DcganServer start(String[] args, PrintStream out, PrintStream err)
      throws UsageError, IOException {
    Map<String, String> flags = new HashMap<>();
    boolean unsafe = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        out.print(USAGE);
        return null;
      }
      if (a.equals("--allow-unsafe-ops")) {
        unsafe = true;
        continue;
      }
      if (a.equals("--verbose") || a.equals("--tf-logs")) continue; // the launcher's own
      String name = a.startsWith("--") ? a.substring(2) : "";
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!VALUED.contains(name)) throw new UsageError("unknown flag or argument '" + a + "'");
      if (value == null) {
        if (i + 1 >= args.length) throw new UsageError("--" + name + " needs a value");
        value = args[++i];
      }
      flags.put(name, value);
    }
    int port = intFlag(flags, "port", DcganServer.DEFAULT_PORT, 0, 65535);
    var limits =
        ServeLimits.defaults()
            .withBatching(
                intFlag(flags, "max-batch-size", 256, 1, 4096),
                Duration.ofMillis(intFlag(flags, "batch-timeout-ms", 2, 0, 10_000)))
            .withMaxImages(intFlag(flags, "max-images", 256, 1, 4096))
            .withMaxBodyBytes(intFlag(flags, "max-body-mb", 4, 1, 256) << 20);
    Path models = flags.containsKey("models") ? Path.of(flags.get("models")) : defaultModels();
    if (!Files.isDirectory(models)) throw new UsageError("--models " + models + " is not a folder");
    var config =
        new DcganServer.Config(
            models,
            flags.getOrDefault("host", "127.0.0.1"),
            port,
            limits,
            Duration.ofSeconds(intFlag(flags, "poll-seconds", 1, 1, 3600)),
            unsafe
                ? DcganModel.LoadOptions.defaults().allowUnsafeOps()
                : DcganModel.LoadOptions.defaults());
    var server = DcganServer.start(config);
    out.println(
        "dcgan serve: TF Serving REST API at "
            + server.uri()
            + "v1/models/<name>, explorer at "
            + server.uri()
            + " (Ctrl-C stops)");
    return server;
  }

  /** The project's models/ ($DCGAN_HOME, set by the launcher), else ./models. */
  private static Path defaultModels() {
    String home = System.getenv("DCGAN_HOME");
    return (home == null ? Path.of(".") : Path.of(home)).resolve("models");
  }

  private static int intFlag(Map<String, String> flags, String name, int def, int min, int max)
      throws UsageError {
    String s = flags.get(name);
    if (s == null) return def;
    int v;
    try {
      v = Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new UsageError("--" + name + " takes a whole number, got '" + s + "'");
    }
    if (v < min || v > max)
      throw new UsageError("--" + name + " must be " + min + ".." + max + ", got " + v);
    return v;
  }
}
