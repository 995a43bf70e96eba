package dev.dcgan.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dcgan train --spark-master local[2] --workers 2}: two barrier tasks, each a worker JVM.
 * The first attempt's chief dies at its third checkpoint (as kill -9 would kill it): Spark runs the
 * stage again, both workers resume from the newest checkpoint, and the run ends with the losses of
 * an uninterrupted one. Six JVMs, so only with {@code -Ddcgan.processTests=true}.
 */
@EnabledIfSystemProperty(named = "dcgan.processTests", matches = "true")
class DataParallelJobTest {
  static final List<String> TRAIN =
      List.of(
          "--data",
          "fake",
          "--image-size",
          "16",
          "--channels",
          "1",
          "--limit",
          "64",
          "--arch",
          "dcgan",
          "--ngf",
          "4",
          "--ndf",
          "4",
          "--latent",
          "8",
          "--latent-code",
          "0",
          "--batch-size",
          "16",
          "--epochs",
          "2",
          "--seed",
          "5",
          "--checkpoint-every",
          "1",
          "--log-every",
          "1");

  static boolean run(Path runDir, List<String> firstAttempt) throws java.io.IOException {
    var job =
        new DataParallelJob(
            TRAIN, runDir.toString(), 2, true, SweepTestSupport.jvm(), firstAttempt);
    var log = new ByteArrayOutputStream();
    return job.run(
        "local[2]", SweepTestSupport.conf(), new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @Test
  void aFailedWorkerFailsTheStageAndTheRetryResumes(@TempDir Path tmp) throws Exception {
    Path straight = tmp.resolve("straight");
    assertTrue(run(straight, List.of()));
    var expected = Files.readAllLines(straight.resolve("losses.csv"));
    assertEquals(2 * 4 + 1, expected.size());

    Path crashed = tmp.resolve("crashed");
    assertTrue(run(crashed, List.of("-Ddcgan.crashAt=checkpoint:3")));
    var logs = Files.list(crashed.resolve("workers")).map(p -> p.getFileName().toString()).toList();
    assertTrue(logs.contains("worker-0-attempt-1.log"), "no second attempt: " + logs);
    assertEquals(expected, Files.readAllLines(crashed.resolve("losses.csv")));
  }

  /** The same job on a Spark standalone Master and Worker on loopback (StandaloneClusterTest's). */
  @Test
  void twoWorkersRunOnAStandaloneCluster(@TempDir Path tmp) throws Exception {
    Path sparkHome = tmp.resolve("spark-home");
    Files.createDirectories(sparkHome.resolve("jars"));
    try (var master =
        new StandaloneClusterTest.Daemon(
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
          new StandaloneClusterTest.Daemon(
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
        var conf = new HashMap<>(SweepTestSupport.conf());
        conf.putAll(
            Map.of(
                "spark.driver.host", "127.0.0.1",
                "spark.driver.bindAddress", "127.0.0.1",
                "spark.executor.extraClassPath", cp,
                "spark.executor.extraJavaOptions",
                    String.join(" ", StandaloneClusterTest.sparkJavaOptions()),
                "spark.executor.memory", "512m",
                "spark.cores.max", "2"));
        Path run = tmp.resolve("run");
        var job =
            new DataParallelJob(TRAIN, run.toString(), 2, true, SweepTestSupport.jvm(), List.of());
        var log = new ByteArrayOutputStream();
        assertTrue(job.run(url, conf, new PrintStream(log, true, StandardCharsets.UTF_8)));
        assertEquals(2 * 4 + 1, Files.readAllLines(run.resolve("losses.csv")).size());
        // The workers ran in the Worker's executor, not in this JVM.
        assertTrue(Files.list(tmp.resolve("work")).findAny().isPresent(), "no executor launched");
      }
    }
  }
}
