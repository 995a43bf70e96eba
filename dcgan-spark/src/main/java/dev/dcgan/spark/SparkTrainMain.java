package dev.dcgan.spark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code dcgan train --spark-master URL --workers N [train flags]}: the dcgan launcher runs this
 * class (dcgan-spark's class path) when a train command names a Spark master; see {@link
 * DataParallelJob}. Exit codes as dcgan's: 0 ok, 1 failed, 2 bad usage.
 */
public final class SparkTrainMain {
  private SparkTrainMain() {}

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    String master = null;
    String runDir = null;
    boolean resume = false;
    boolean sync = false;
    int workers = 0;
    var conf = new LinkedHashMap<String, String>();
    var train = new ArrayList<String>();
    try {
      for (int i = args.length > 0 && args[0].equals("train") ? 1 : 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--spark-master" -> master = value(args, ++i, a);
          case "--workers" -> workers = Integer.parseInt(value(args, ++i, a));
          case "--sync-batch-norm" -> sync = true;
          case "--no-export" -> {} // the workers never export; the command to do it is printed
          case "--run-dir" -> runDir = value(args, ++i, a);
          case "--resume" -> {
            runDir = value(args, ++i, a);
            resume = true;
          }
          case "--conf" -> {
            String kv = value(args, ++i, a);
            int eq = kv.indexOf('=');
            if (eq < 1) throw new IllegalArgumentException("--conf " + kv + ": KEY=VALUE");
            conf.put(kv.substring(0, eq), kv.substring(eq + 1));
          }
          case "--data" -> train.addAll(List.of(a, SweepMain.dataPath(value(args, ++i, a))));
          default -> train.add(a);
        }
      }
      if (workers < 2)
        throw new IllegalArgumentException("--spark-master needs --workers N, N >= 2");
      if (resume && (sync || !train.isEmpty()))
        throw new IllegalArgumentException(
            "a resumed run keeps its config.json: give only --resume, --spark-master, --workers");
    } catch (IllegalArgumentException e) { // NumberFormatException too
      err.println("dcgan train: " + e.getMessage());
      return 2;
    }
    String dir =
        Path.of(runDir != null ? runDir : "runs/spark-" + System.currentTimeMillis())
            .toAbsolutePath()
            .toString();
    var jvm = ChildJvm.ofThisJvm(List.of("-Xmx2g"), System.getenv("DCGAN_HOME"));
    var job = new DataParallelJob(train, dir, workers, sync, jvm, List.of());
    boolean ok;
    try {
      ok = job.run(master, conf, out);
    } catch (Exception e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      err.println("dcgan train: " + m.lines().findFirst().orElse(m));
      ok = false;
    }
    String again =
        "dcgan train --resume " + dir + " --spark-master " + master + " --workers " + workers;
    if (!ok) {
      err.println("dcgan train: Spark gave up on the run; resume with: " + again);
      return 1;
    }
    out.println("trained: " + dir + "; export with: dcgan export --checkpoint " + dir);
    return 0;
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) throw new IllegalArgumentException(flag + " needs a value");
    return args[i];
  }
}
