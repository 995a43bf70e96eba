package dev.dcgan.spark;

import dev.dcgan.train.options.TrainOptions;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one trial inside a Spark task: {@code dcgan train} in a child JVM (TensorFlow's natives and
 * thread pools are per process), in {@code trials/<id>/run/} under the sweep folder, then reads the
 * metric and writes {@code trials/<id>/result.json}.
 *
 * <p>A retried task finds the run folder of the attempt before it and resumes it ({@code train
 * --resume}) from its last checkpoint: the same losses as a run never stopped. A process that died
 * (killed, its executor lost) throws, so that Spark retries the task; one that failed for a reason
 * of its own (a bad option, divergence) becomes a failed result, and the sweep goes on.
 *
 * @param maxAttempts Spark's task attempts (spark.task.maxFailures): on the last, a death is
 *     recorded as a failure instead of failing the whole job
 * @param firstAttemptOptions JVM options for the first attempt of some trials: tests make a trial
 *     die mid-run with {@code -Ddcgan.crashAt=checkpoint:N}
 */
public record TrialRunner(
    SweepSpec spec,
    String sweepDir,
    ChildJvm jvm,
    int maxAttempts,
    Map<String, List<String>> firstAttemptOptions)
    implements Serializable {

  static final String LOG = "train.log";

  /** Exit codes of {@code dcgan train} that are its own verdict, not a death. */
  private static boolean verdict(int exit) {
    return exit == 1 || exit == 2;
  }

  static Path trialDir(String sweepDir, String id) {
    return Path.of(sweepDir, "trials", id);
  }

  public TrialResult run(Trial trial, int attempt, int threads, List<String> gpus) {
    try {
      return runOrThrow(trial, attempt, threads, gpus);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // storage trouble: let Spark retry it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("trial " + trial.id() + " was cancelled", e);
    }
  }

  private TrialResult runOrThrow(Trial trial, int attempt, int threads, List<String> gpus)
      throws IOException, InterruptedException {
    Path dir = trialDir(sweepDir, trial.id());
    var done = TrialResult.read(dir);
    if (done != null) return done; // the attempt before wrote it, then died
    Files.createDirectories(dir);
    Path run = dir.resolve("run");
    awaitLockFree(run);
    done = TrialResult.read(dir);
    if (done != null) return done; // the attempt that held the run folder finished it
    var args = new ArrayList<String>();
    args.add("train");
    boolean resuming = Files.isRegularFile(run.resolve("config.json"));
    if (resuming) {
      args.addAll(List.of("--resume", run.toString()));
    } else {
      args.addAll(spec.trainArgs(trial));
      args.addAll(List.of(TrainOptions.RUN_DIR.flag(), run.toString()));
    }
    args.addAll(List.of(TrainOptions.EPOCHS.flag(), Integer.toString(spec.epochs())));
    if (spec.evalEvery() > 0)
      args.addAll(List.of(TrainOptions.EVAL_EVERY.flag(), Integer.toString(spec.evalEvery())));
    String threadsKey = TrainOptions.THREADS.name();
    if (!spec.train().containsKey(threadsKey) && !trial.params().containsKey(threadsKey))
      args.addAll(List.of(TrainOptions.THREADS.flag(), Integer.toString(threads)));
    args.addAll(List.of("--no-export", "--no-progress-bar", "--log-every", "1000000000"));
    List<String> extra =
        attempt == 0 ? firstAttemptOptions.getOrDefault(trial.id(), List.of()) : List.of();
    var cmd = jvm.command(extra, TrialChild.class.getName(), args);
    Path log = dir.resolve(LOG);
    Files.writeString(
        log,
        "== attempt "
            + (attempt + 1)
            + (resuming ? " (resuming)" : "")
            + ": "
            + String.join(" ", args)
            + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    var pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    jvm.environment(pb.environment());
    if (!gpus.isEmpty()) pb.environment().put("CUDA_VISIBLE_DEVICES", String.join(",", gpus));
    long start = System.nanoTime();
    double before = secondsBefore(dir);
    Process p = pb.start(); // stdin stays a pipe: TrialChild stops when this JVM goes away
    int exit;
    try {
      exit = p.waitFor();
    } catch (InterruptedException e) {
      p.destroy(); // SIGTERM: the trainer checkpoints, so the next attempt resumes
      if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) p.destroyForcibly();
      throw e;
    }
    double seconds = before + (System.nanoTime() - start) / 1e9;
    Files.writeString(dir.resolve("seconds"), Double.toString(seconds));
    TrialResult result;
    if (exit == 0) {
      result = measured(trial, run, seconds, attempt + 1);
    } else if (verdict(exit)) {
      result = TrialResult.failed(trial, reason(log, exit), seconds, attempt + 1, run.toString());
    } else if (attempt + 1 >= maxAttempts) {
      result =
          TrialResult.failed(
              trial,
              "its process died on each of " + (attempt + 1) + " attempts (last exit " + exit + ")",
              seconds,
              attempt + 1,
              run.toString());
    } else {
      throw new TrialDiedException(
          "trial "
              + trial.id()
              + ": its process died (exit "
              + exit
              + "); Spark retries the task, which resumes "
              + run
              + " from its last checkpoint");
    }
    return result.writeUnlessDone(dir);
  }

  /** The training time of the attempts before (so a resumed trial's time is the whole). */
  private static double secondsBefore(Path dir) throws IOException {
    Path f = dir.resolve("seconds");
    return Files.isRegularFile(f) ? Double.parseDouble(Files.readString(f).strip()) : 0;
  }

  /**
   * Waits until no process holds the run folder: a trainer orphaned by a dead executor stops
   * (writing its checkpoint) when its stdin closes; the OS lock goes when it exits.
   */
  private static void awaitLockFree(Path run) throws IOException {
    Path lock = run.resolve("run.lock");
    if (!Files.isRegularFile(lock)) return;
    try (var channel =
        FileChannel.open(lock, StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      channel.lock().release(); // blocks while the owner lives
    }
  }

  private TrialResult measured(Trial trial, Path run, double seconds, int attempts)
      throws IOException {
    try {
      var m = Metric.of(spec.metric(), run);
      return new TrialResult(
          trial.id(),
          trial.params(),
          "done",
          m.value(),
          m.epoch(),
          m.step(),
          seconds,
          attempts,
          "",
          run.toString());
    } catch (IllegalStateException e) {
      return TrialResult.failed(trial, e.getMessage(), seconds, attempts, run.toString());
    }
  }

  /** The trainer's own message: its last line naming the command ("dcgan train: ..."). */
  static String reason(Path log, int exit) throws IOException {
    var lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      String l = lines.get(i);
      if (l.startsWith("dcgan train: ")) return l.substring("dcgan train: ".length());
      if (l.startsWith("== attempt ")) break;
    }
    return "exit " + exit + " (see " + log + ")";
  }

  /** Its process died: Spark should retry the task. */
  static final class TrialDiedException extends RuntimeException {
    TrialDiedException(String message) {
      super(message);
    }
  }
}
