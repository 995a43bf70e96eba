package dev.dcgan.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1, from the Maven jars alone: a Master and a Worker,
 * each its own JVM (the classes {@code spark-submit}'s sbin scripts start), then a 4-trial sweep
 * submitted to {@code spark://127.0.0.1:PORT} from this JVM as the driver. The Worker starts the
 * executor JVM, whose tasks start the trials' JVMs. Mid-sweep the executor is killed: Spark retries
 * its tasks on the executor the Worker starts next, and they resume their trials.
 *
 * <p>Without a Spark distribution: the Worker builds the executor's command with Spark's launcher
 * library, which insists on {@code $SPARK_HOME/jars} existing; an empty one does, and the
 * executor's class path comes from spark.executor.extraClassPath (this JVM's, the Maven jars).
 */
class StandaloneClusterTest {
  @TempDir Path tmp;

  /** A JVM of the cluster, its output drained line by line into a queue. */
  static final class Daemon implements AutoCloseable {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> seen = new ArrayList<>();

    Daemon(Path sparkHome, String mainClass, String... args) throws IOException {
      String cp =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      var cmd = new ArrayList<String>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx512m");
      // Spark's own INFO log (dcgan-spark's log4j2.properties keeps it quiet): the test waits on
      // it.
      cmd.add("-Dlog4j2.configurationFile=org/apache/spark/log4j2-defaults.properties");
      cmd.addAll(sparkJavaOptions());
      cmd.addAll(List.of("-cp", cp, mainClass));
      cmd.addAll(List.of(args));
      var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("SPARK_HOME", sparkHome.toString());
      pb.environment().put("SPARK_SCALA_VERSION", "2.13");
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      process = pb.start();
      var drain =
          new Thread(
              () -> {
                try (var r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String l; (l = r.readLine()) != null; ) lines.add(l);
                } catch (IOException e) {
                  // the process is gone
                }
              });
      drain.setDaemon(true);
      drain.start();
    }

    /** The first line matching {@code p} from now on; fails if none comes within 2 minutes. */
    Matcher await(Pattern p) throws InterruptedException {
      for (String l; (l = lines.poll(2, TimeUnit.MINUTES)) != null; ) {
        seen.add(l);
        var m = p.matcher(l);
        if (m.find()) return m;
      }
      fail("no line matching " + p + "; the process printed:\n" + String.join("\n", seen));
      return null;
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Once t000 has written its first checkpoint (seen through file events on its folder, no
   * polling), kills the Worker's executor JVM as kill -9 would; its trial JVMs lose their parent.
   */
  static AtomicBoolean killExecutorAfterFirstCheckpoint(Daemon worker, Path trialDir)
      throws IOException {
    Files.createDirectories(trialDir);
    var watch = FileSystems.getDefault().newWatchService();
    trialDir.register(
        watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
    var killed = new AtomicBoolean();
    var killer =
        new Thread(
            () -> {
              try (watch) {
                Path log = trialDir.resolve(TrialRunner.LOG);
                while (true) {
                  var key = watch.take();
                  key.pollEvents();
                  key.reset();
                  if (Files.isRegularFile(log)
                      && Files.readString(log).lines().anyMatch(l -> l.startsWith("checkpoint ")))
                    break;
                }
                // The Worker's only children are its executors (the trials are theirs).
                worker.process.toHandle().children().forEach(h -> killed.set(h.destroyForcibly()));
              } catch (IOException | InterruptedException e) {
                // the test fails on killed being false
              }
            },
            "executor-killer");
    killer.setDaemon(true);
    killer.start();
    return killed;
  }

  static List<String> sparkJavaOptions() {
    return List.of(System.getProperty("spark.java.options", "").trim().split("\\s+"));
  }

  @Test
  void sweepRunsOnAStandaloneMasterAndWorker() throws Exception {
    Path sparkHome = tmp.resolve("spark-home");
    Files.createDirectories(sparkHome.resolve("jars"));
    try (var master =
        new Daemon(
            sparkHome,
            "org.apache.spark.deploy.master.Master",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--webui-port",
            "0")) {
      String url =
          master.await(Pattern.compile("Starting Spark master at (spark://\\S+)")).group(1);
      try (var worker =
          new Daemon(
              sparkHome,
              "org.apache.spark.deploy.worker.Worker",
              url,
              "--host",
              "127.0.0.1",
              "--port",
              "0",
              "--webui-port",
              "0",
              "--cores",
              "2",
              "--memory",
              "1g",
              "--work-dir",
              tmp.resolve("work").toString())) {
        worker.await(Pattern.compile("Successfully registered with master"));
        String cp =
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        var conf = new java.util.HashMap<>(SweepTestSupport.conf());
        conf.putAll(
            Map.of(
                "spark.driver.host", "127.0.0.1",
                "spark.driver.bindAddress", "127.0.0.1",
                "spark.executor.extraClassPath", cp,
                "spark.executor.extraJavaOptions", String.join(" ", sparkJavaOptions()),
                "spark.executor.memory", "512m",
                "spark.cores.max", "2"));
        var spec =
            SweepTestSupport.spec("cluster", "{\"seed\": [1, 2], \"lr-g\": [0.0002, 0.001]}", 2);
        Path out = tmp.resolve("sweep");
        var killed = killExecutorAfterFirstCheckpoint(worker, out.resolve("trials/t000"));
        var log = new ByteArrayOutputStream();
        var outcome =
            new Sweep(spec, out, url, tmp.resolve("models"), SweepTestSupport.jvm(), conf, Map.of())
                .run(new PrintStream(log, true, StandardCharsets.UTF_8));
        String printed = log.toString(StandardCharsets.UTF_8);
        assertEquals(4, outcome.results().size(), printed);
        assertTrue(outcome.results().stream().allMatch(TrialResult::done), printed);
        assertTrue(printed.contains("| done 4 | failed 0 |"), printed);
        // The executor was killed while t000 trained: Spark ran its task again on a new executor,
        // which resumed the run from its checkpoint, to the full number of steps.
        assertTrue(killed.get(), "no executor was killed");
        String trainLog = Files.readString(out.resolve("trials/t000/train.log"));
        assertTrue(trainLog.contains("== attempt 2 (resuming)"), trainLog);
        assertTrue(outcome.results().get(0).attempts() >= 2, outcome.results().get(0).toString());
        assertEquals(
            2 * 8 + 1, Files.readAllLines(out.resolve("trials/t000/run/losses.csv")).size());
        // The trials ran in the Worker's executor, not in this JVM's.
        assertTrue(
            Files.list(tmp.resolve("work")).findAny().isPresent(),
            "the Worker launched no executor");
        assertNotNull(outcome.exported());
        assertTrue(Files.isDirectory(outcome.exported()));
      }
    }
  }
}
