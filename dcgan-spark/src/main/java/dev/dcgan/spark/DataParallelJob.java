package dev.dcgan.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code dcgan train --spark-master URL --workers N}: one data-parallel run (dcgan-train's {@code
 * --workers}) on N Spark tasks in barrier mode, so that all workers start together or none do. Each
 * task picks a free port on its executor's host, the tasks exchange their addresses through the
 * barrier ({@code allGather}, in task order), and each runs its worker as a child JVM. If one
 * fails, Spark fails the stage and runs all N tasks again; they find the run's config.json and
 * resume it from its newest checkpoint. The run folder must be on a file system every node sees.
 *
 * @param trainArgs the train flags of a new run (without --workers, --run-dir, --resume)
 * @param runDir the run folder
 * @param workers N
 * @param syncBatchNorm --sync-batch-norm
 * @param jvm how the workers' JVMs start
 * @param firstAttemptOptions JVM options of the first stage attempt's chief only (tests crash it)
 */
public record DataParallelJob(
    List<String> trainArgs,
    String runDir,
    int workers,
    boolean syncBatchNorm,
    ChildJvm jvm,
    List<String> firstAttemptOptions)
    implements Serializable {
  /** dcgan-train's names (dev.dcgan.train.distributed.LocalCluster). */
  static final String CLUSTER_ENV = "DCGAN_CLUSTER";

  static final String TASK_ENV = "DCGAN_TASK";

  /** Runs the job on {@code master}; true if the run finished. */
  public boolean run(String master, Map<String, String> sparkConf, PrintStream log)
      throws IOException {
    var builder = SparkSession.builder().appName("dcgan train --workers " + workers);
    builder.config("spark.ui.showConsoleProgress", "false");
    sparkConf.forEach(builder::config);
    if (master != null)
      builder.master(
          Sweep.withRetries(
              master, Integer.parseInt(sparkConf.getOrDefault("spark.task.maxFailures", "4"))));
    try (var spark = builder.getOrCreate()) {
      var jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      log.printf("dcgan: %d workers as Spark barrier tasks; the run is %s%n", workers, runDir);
      // JavaRDD has no barrier(): the Scala RDD's, with a serialisable Scala function.
      scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<Integer>> task =
          (scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<Integer>>
                  & Serializable)
              partition ->
                  scala.jdk.javaapi.CollectionConverters.asScala(List.of(workerTask()).iterator());
      var codes =
          (int[])
              jsc.parallelize(IntStream.range(0, workers).boxed().toList(), workers)
                  .rdd()
                  .barrier()
                  .mapPartitions(task, false, scala.reflect.ClassTag$.MODULE$.apply(int.class))
                  // A shuffle after it: Spark retries a failed barrier stage only if it is a
                  // shuffle-map stage ("Could not recover from a failed barrier ResultStage").
                  .repartition(1, null)
                  .collect();
      return java.util.Arrays.stream(codes).allMatch(c -> c == 0);
    }
  }

  private int workerTask() {
    try {
      return worker();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the task was stopped", e);
    }
  }

  /** One barrier task: its worker's address to the others, then the worker, to its end. */
  int worker() throws IOException, InterruptedException {
    var ctx = BarrierTaskContext.get();
    int task = ctx.partitionId();
    String address = ctx.getTaskInfos()[task].address();
    String host = address.contains(":") ? address.substring(0, address.lastIndexOf(':')) : address;
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    // Decided before any worker of this attempt starts, so every task decides alike.
    boolean resume = Files.isRegularFile(Path.of(runDir, "config.json"));
    String[] all = ctx.allGather(host + ":" + port);
    var args = new ArrayList<String>(List.of("train"));
    if (resume) args.addAll(List.of("--resume", runDir));
    else {
      args.addAll(trainArgs);
      args.addAll(List.of("--run-dir", runDir));
      if (syncBatchNorm) args.add("--sync-batch-norm"); // a resumed run has it in config.json
    }
    args.addAll(List.of("--workers", Integer.toString(workers), "--no-export"));
    var options = new ArrayList<String>(List.of("-Ddcgan.worker=" + task));
    if (task == 0 && ctx.stageAttemptNumber() == 0) options.addAll(firstAttemptOptions);
    var pb = new ProcessBuilder(jvm.command(options, "dev.dcgan.train.cli.Main", args));
    jvm.environment(pb.environment());
    pb.environment().put(CLUSTER_ENV, String.join(",", all));
    pb.environment().put(TASK_ENV, Integer.toString(task));
    Path logs = Path.of(runDir, "workers");
    Files.createDirectories(logs);
    Path log = logs.resolve("worker-" + task + "-attempt-" + ctx.stageAttemptNumber() + ".log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    try {
      int code = p.waitFor();
      if (code != 0) {
        var lines = Files.readAllLines(log);
        throw new IllegalStateException(
            "worker "
                + task
                + " exited with code "
                + code
                + "; the end of "
                + log
                + ":\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
      }
      return code;
    } finally {
      p.destroyForcibly(); // the stage failed elsewhere and this task is being killed
    }
  }
}
