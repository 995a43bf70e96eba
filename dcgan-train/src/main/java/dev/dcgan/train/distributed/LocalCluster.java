package dev.dcgan.train.distributed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The workers of a data-parallel run as processes on this machine: each is told the cluster and its
 * task in its environment ({@link #CLUSTER_ENV}, {@link #TASK_ENV}, as TensorFlow's TF_CONFIG tells
 * its workers), the chief prints to this console, the others into {@code <logs>/worker-<i>.log}. If
 * one fails or dies, the others are stopped: a group with a dead member cannot take another step.
 */
public final class LocalCluster {
  /** {@code host:port,...}: every worker's address, task 0 first. */
  public static final String CLUSTER_ENV = "DCGAN_CLUSTER";

  /** This worker's task index in {@link #CLUSTER_ENV}. */
  public static final String TASK_ENV = "DCGAN_TASK";

  /** A worker's JVM property naming its task, so that {@code ps} (and a test) can tell them. */
  public static final String TASK_PROPERTY = "dcgan.worker";

  /**
   * How the group ended.
   *
   * @param failedTask the first worker to fail, or -1 when all finished
   * @param exitCode that worker's exit code (0 when all finished)
   */
  public record Outcome(int failedTask, int exitCode) {
    public boolean succeeded() {
      return failedTask < 0;
    }
  }

  private LocalCluster() {}

  /** A worker's environment from this process's, if it is one. */
  public static java.util.Optional<DataParallel> fromEnvironment(
      boolean syncBatchNorm, float timeoutSeconds) {
    String cluster = System.getenv(CLUSTER_ENV);
    String task = System.getenv(TASK_ENV);
    if (cluster == null || task == null) return java.util.Optional.empty();
    return java.util.Optional.of(
        new DataParallel(
            ClusterSpec.parse(cluster), Integer.parseInt(task), syncBatchNorm, timeoutSeconds));
  }

  /**
   * Runs {@code command} (a JVM's: the java binary first, then {@code jvmOptions}, then the rest)
   * once per worker of {@code cluster}; returns when all have exited, or when one has failed, after
   * stopping the others.
   */
  public static Outcome run(
      String java, List<String> jvmOptions, List<String> command, ClusterSpec cluster, Path logs)
      throws IOException, InterruptedException {
    Files.createDirectories(logs);
    var workers = new ArrayList<Process>();
    Thread stopAll = new Thread(() -> stop(workers), "dcgan-stop-workers");
    Runtime.getRuntime().addShutdownHook(stopAll); // the launcher killed: no orphaned workers
    try {
      for (int task = 0; task < cluster.size(); task++) {
        var cmd = new ArrayList<String>();
        cmd.add(java);
        cmd.add("-D" + TASK_PROPERTY + "=" + task);
        cmd.addAll(jvmOptions);
        cmd.addAll(command);
        var pb = new ProcessBuilder(cmd);
        pb.environment().put(CLUSTER_ENV, cluster.toString());
        pb.environment().put(TASK_ENV, Integer.toString(task));
        if (task == 0) pb.inheritIO();
        else
          pb.redirectErrorStream(true)
              .redirectOutput(logs.resolve("worker-" + task + ".log").toFile());
        synchronized (workers) {
          workers.add(pb.start());
        }
      }
      return await(workers);
    } finally {
      // Those left cannot step without the failed one: no checkpoint to wait for.
      for (var p : workers) p.destroyForcibly().waitFor();
      try {
        Runtime.getRuntime().removeShutdownHook(stopAll);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
  }

  /** Waits for every worker to exit 0, or for the first to fail. */
  private static Outcome await(List<Process> workers) throws InterruptedException {
    var running = new ArrayList<>(workers);
    while (!running.isEmpty()) {
      var exits = running.stream().map(Process::onExit).toArray(CompletableFuture[]::new);
      try {
        CompletableFuture.anyOf(exits).get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("waiting for a worker failed", e);
      }
      for (var p : List.copyOf(running)) {
        if (p.isAlive()) continue;
        if (p.exitValue() != 0) return new Outcome(workers.indexOf(p), p.exitValue());
        running.remove(p);
      }
    }
    return new Outcome(-1, 0);
  }

  /**
   * The launcher is stopping (Ctrl-C, SIGTERM): SIGTERM to each worker, so that the chief
   * checkpoints if the group can finish its step, then SIGKILL for whoever is left after 30 s.
   */
  private static void stop(List<Process> workers) {
    List<Process> all;
    synchronized (workers) {
      all = List.copyOf(workers);
    }
    all.forEach(Process::destroy);
    for (var p : all) {
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
