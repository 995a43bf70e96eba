package dev.dcgan.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
