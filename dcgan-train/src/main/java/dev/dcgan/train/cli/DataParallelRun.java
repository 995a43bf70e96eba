package dev.dcgan.train.cli;

import dev.dcgan.train.distributed.ClusterSpec;
import dev.dcgan.train.distributed.DataParallel;
import dev.dcgan.train.distributed.LocalCluster;
import dev.dcgan.train.training.Replica;
import dev.dcgan.train.training.RunFolder;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/**
 * {@code dcgan train --workers N}: the same command, run by N worker processes on this machine (see
 * dev.dcgan.train.distributed). Started by a user it is the launcher; started by the launcher (its
 * environment names the cluster and the task) it is one of the workers.
 */
final class DataParallelRun {
  /** Read by the dcgan script (it routes the command to dcgan-spark), never saved with a run. */
  static final String SPARK_MASTER = "spark-master";

  private DataParallelRun() {}

  /** The worker this process is, if the launcher started it. */
  static Optional<Replica> worker(int workers, boolean syncBatchNorm) throws UsageException {
    Optional<Replica> replica =
        LocalCluster.fromEnvironment(syncBatchNorm, DataParallel.DEFAULT_TIMEOUT_SECONDS)
            .map(r -> r);
    if (replica.isPresent() && replica.get().count() != workers)
      throw new UsageException(
          "--workers "
              + workers
              + " disagrees with the "
              + replica.get().count()
              + " workers of "
              + LocalCluster.CLUSTER_ENV);
    return replica;
  }

  /**
   * Starts {@code workers} processes running this command on a loopback cluster, one TensorFlow
   * thread each unless --threads says otherwise; waits for them; on a failure, stops the rest and
   * prints the resume command.
   */
  static int launch(CommandLine cl, int workers, PrintStream out) throws Exception {
    Path runDir =
        cl.hasOption("resume")
            ? Path.of(cl.getOptionValue("resume"))
            : Path.of(cl.getOptionValue("run-dir", RunFolder.timestamped().toString()));
    var args = new ArrayList<>(List.of("train"));
    for (Option o : cl.getOptions()) {
      args.add("--" + o.getLongOpt());
      if (o.hasArg()) args.addAll(o.getValuesList());
    }
    if (!cl.hasOption("resume") && !cl.hasOption("run-dir"))
      args.addAll(List.of("--run-dir", runDir.toString()));
    if (!cl.hasOption("threads")) args.addAll(List.of("--threads", "1"));

    var cluster = ClusterSpec.loopback(workers);
    out.println(
        "dcgan: "
            + workers
            + " workers on "
            + cluster
            + "; worker 0 (the chief) prints here, the others into "
            + runDir.resolve("workers"));
    out.flush();
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    var command = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path")));
    command.add(Main.class.getName());
    command.addAll(args);
    var outcome = LocalCluster.run(java, jvmOptions(), command, cluster, runDir.resolve("workers"));
    if (outcome.succeeded()) return 0;
    out.println(
        "dcgan: worker "
            + outcome.failedTask()
            + " exited with code "
            + outcome.exitCode()
            + " (see "
            + (outcome.failedTask() == 0
                ? "above"
                : runDir.resolve("workers").resolve("worker-" + outcome.failedTask() + ".log"))
            + "); the other workers were stopped");
    if (Files.isRegularFile(runDir.resolve(RunFolder.CONFIG)))
      out.println("resume with: " + Launcher.command(resumeArgs(runDir, workers)));
    else out.println("the run had not begun: start it again");
    out.flush();
    return 1;
  }

  /**
   * The command that resumes the run in {@code runDir} on as many workers (its config.json keeps
   * the rest, --sync-batch-norm too).
   */
  static String[] resumeArgs(Path runDir, int workers) {
    return new String[] {
      "train", "--resume", runDir.toString(), "--workers", Integer.toString(workers)
    };
  }

  /** This JVM's heap and system properties, for the workers' JVMs. */
  private static List<String> jvmOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-Xmx") || a.startsWith("--add-opens"))
        .toList();
  }
}
