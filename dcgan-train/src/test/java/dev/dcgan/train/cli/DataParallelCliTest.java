package dev.dcgan.train.cli;

import static dev.dcgan.train.cli.ProcessFaultsTest.LAUNCHER;
import static dev.dcgan.train.cli.ProcessFaultsTest.assertSameLosses;
import static dev.dcgan.train.cli.ProcessFaultsTest.losses;
import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.distributed.LocalCluster;
import dev.dcgan.train.util.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dcgan train --workers 2} as processes: the launcher, the chief and a second worker, each a
 * JVM with its TensorFlow server on loopback. A worker killed with SIGKILL stops the group with a
 * clear message (no hang), and the run resumes from its newest checkpoint to the losses of an
 * uninterrupted 2-worker run.
 *
 * <p>Nine JVMs in all (about 2 minutes on 2 busy cores), so only on request: {@code mvn test
 * -Ddcgan.processTests=true}. The exactness of 2 workers itself is DataParallelTrainingTest's,
 * which always runs.
 */
@EnabledIfSystemProperty(named = "dcgan.processTests", matches = "true")
class DataParallelCliTest {
  static String[] args(Path run, String... more) {
    var args =
        new ArrayList<>(
            List.of(
                "train",
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
                "--log-every",
                "1",
                "--checkpoint-every",
                "1",
                "--no-export",
                "--run-dir",
                run.toString(),
                "--workers",
                "2",
                "--sync-batch-norm"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /**
   * A process's arguments: /proc's whole command line where there is one (the JDK gives no
   * arguments for a command line longer than a page, such as a test class path makes).
   */
  private static List<String> commandLine(ProcessHandle p) {
    try {
      var raw = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
      return List.of(new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\0"));
    } catch (java.io.IOException e) {
      return p.info().arguments().map(List::of).orElse(List.of());
    }
  }

  @Test
  void aKilledWorkerStopsTheGroupAndTheRunResumesExactly(@TempDir Path tmp) throws Exception {
    Path straight = tmp.resolve("straight");
    try (var cli = new ProcessFaultsTest.Cli(args(straight))) {
      assertEquals(0, cli.finish(), String.join("\n", cli.lines));
    }
    var expected = losses(straight);
    assertEquals(2 * 4 + 1, expected.size());

    Path run = tmp.resolve("killed");
    try (var cli = new ProcessFaultsTest.Cli(args(run))) {
      cli.await(l -> l.startsWith("step 3 "));
      var worker1 =
          cli.process
              .descendants()
              .filter(p -> commandLine(p).contains("-D" + LocalCluster.TASK_PROPERTY + "=1"))
              .findFirst()
              .orElseThrow();
      new ProcessBuilder("kill", "-9", Long.toString(worker1.pid())).start().waitFor();
      assertEquals(1, cli.finish(), String.join("\n", cli.lines));
      var said = String.join("\n", cli.lines);
      assertTrue(said.contains("dcgan: worker 1 exited with code 137"), said);
      assertTrue(
          cli.lines.contains(
              "resume with: "
                  + LAUNCHER
                  + " train --resume "
                  + run
                  + " --workers 2"), // config.json keeps --sync-batch-norm
          said);
    }
    long saved = Checkpoints.readState(Checkpoints.latestOf(run)).step();
    assertTrue(saved >= 3 && saved < 8, "the newest checkpoint is of step " + saved);

    try (var cli =
        new ProcessFaultsTest.Cli(
            "train",
            "--resume",
            run.toString(),
            "--workers",
            "2",
            "--no-export",
            "--log-every",
            "1")) {
      assertEquals(0, cli.finish(), String.join("\n", cli.lines));
    }
    assertSameLosses(expected, losses(run));
  }
}
