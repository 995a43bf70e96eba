package dev.dcgan.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * The sweep's state while it runs, one line each time it changes: trials queued, running, done,
 * failed, and the best so far. Running tasks come from Spark's listener bus; finished trials from
 * their result.json files on the sweep's storage.
 */
final class LiveTable implements AutoCloseable {
  private final Path sweepDir;
  private final List<Trial> trials;
  private final PrintStream out;
  private final String metric;
  private final AtomicInteger running = new AtomicInteger();
  private final Map<String, TrialResult> finished = new HashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            var t = new Thread(r, "dcgan-sweep-live-table");
            t.setDaemon(true);
            return t;
          });
  private String last = "";

  LiveTable(SparkContext sc, Path sweepDir, List<Trial> trials, String metric, PrintStream out) {
    this.sweepDir = sweepDir;
    this.trials = trials;
    this.out = out;
    this.metric = metric;
    sc.addSparkListener(
        new SparkListener() {
          @Override
          public void onTaskStart(SparkListenerTaskStart start) {
            running.incrementAndGet();
          }

          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            running.decrementAndGet();
          }
        });
    timer.scheduleWithFixedDelay(this::refresh, 0, 1, TimeUnit.SECONDS);
  }

  synchronized void refresh() {
    try {
      for (var t : trials) {
        if (finished.containsKey(t.id())) continue;
        var r = TrialResult.read(TrialRunner.trialDir(sweepDir.toString(), t.id()));
        if (r != null) finished.put(t.id(), r);
      }
    } catch (IOException | RuntimeException e) {
      return; // a result half-visible on shared storage: the next refresh reads it
    }
    String line = line(trials.size(), running.get(), finished.values());
    if (!line.equals(last)) {
      out.println(line);
      out.flush();
      last = line;
    }
  }

  /** {@code trials 4 | queued 1 | running 2 | done 1 | failed 0 | best t002 fcd 123.4}. */
  String line(int total, int runningNow, java.util.Collection<TrialResult> results) {
    long done = results.stream().filter(TrialResult::done).count();
    long failed = results.size() - done;
    int run = Math.max(0, Math.min(runningNow, total - results.size()));
    var best =
        results.stream()
            .filter(TrialResult::done)
            .min(java.util.Comparator.comparingDouble(TrialResult::metric));
    return String.format(
        Locale.ROOT,
        "trials %d | queued %d | running %d | done %d | failed %d | best %s",
        total,
        total - results.size() - run,
        run,
        done,
        failed,
        best.map(b -> String.format(Locale.ROOT, "%s %s %.4f", b.trial(), metric, b.metric()))
            .orElse("-"));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      refresh();
    } catch (UncheckedIOException e) {
      // the final table is printed by the sweep anyway
    }
  }
}
