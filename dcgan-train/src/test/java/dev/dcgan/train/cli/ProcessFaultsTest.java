package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestData;
import dev.dcgan.train.util.Checkpoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a separate process, stopped by SIGTERM, SIGINT and SIGKILL, then resumed: it must
 * checkpoint, say how to resume, exit 143/130, and the resumed run must end where an uninterrupted
 * one ends, with the same losses. Waits on the run's own progress lines, never on sleeps.
 */
class ProcessFaultsTest {
  static final int EPOCHS = 6;

  /** A running {@code dcgan train}, its output read line by line. */
  static final class Cli implements AutoCloseable {
    final Process process;
    final BufferedReader out;
    final List<String> lines = new ArrayList<>();

    Cli(String... args) throws IOException {
      String cp =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      var cmd =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx2g",
                  "-cp",
                  cp,
                  Main.class.getName()));
      cmd.addAll(List.of(args));
      var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
      process = pb.start();
      out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads lines until one matches; fails if the process ends first. */
    String await(Predicate<String> p) throws IOException {
      for (String line; (line = out.readLine()) != null; ) {
        lines.add(line);
        if (p.test(line)) return line;
      }
      fail("the process ended without the expected line; it printed:\n" + String.join("\n", lines));
      return null;
    }

    int finish() throws Exception {
      for (String line; (line = out.readLine()) != null; ) lines.add(line);
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "did not exit");
      return process.exitValue();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  static String[] trainArgs(Path runDir, String... more) {
    var args =
        new ArrayList<>(
            List.of(
                "train",
                "--data",
                TestData.mnist().toString(),
                "--limit",
                "256",
                "--batch-size",
                "64",
                "--epochs",
                Integer.toString(EPOCHS),
                "--seed",
                "5",
                "--log-every",
                "1",
                "--run-dir",
                runDir.toString(),
                "--no-export"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  static List<String> losses(Path runDir) throws IOException {
    return Files.readAllLines(runDir.resolve("losses.csv"));
  }

  static void assertSameLosses(List<String> expected, List<String> actual) {
    assertEquals(expected.size(), actual.size(), "row count");
    for (int i = 1; i < expected.size(); i++) {
      var a = expected.get(i).split(",");
      var b = actual.get(i).split(",");
      assertEquals(a[0], b[0], "step of row " + i);
      for (int j = 2; j < a.length; j++) {
        assertEquals(
            Double.parseDouble(a[j]),
            Double.parseDouble(b[j]),
            1e-4,
            "row " + i + ": " + expected.get(i) + " vs " + actual.get(i));
      }
    }
  }

  @TempDir static Path shared;
  static List<String> expected;

  /** The uninterrupted run every test compares with, run once. */
  @BeforeAll
  static void straightRun() throws Exception {
    Path straight = shared.resolve("straight");
    try (var cli = new Cli(trainArgs(straight))) {
      assertEquals(0, cli.finish(), String.join("\n", cli.lines));
    }
    expected = losses(straight);
    assertEquals(EPOCHS * 4 + 1, expected.size());
  }

  static void resumeToTheEnd(Path runDir) throws Exception {
    try (var cli =
        new Cli("train", "--resume", runDir.toString(), "--no-export", "--log-every", "1")) {
      assertEquals(0, cli.finish(), String.join("\n", cli.lines));
      assertTrue(
          cli.lines.stream().anyMatch(l -> l.startsWith("resuming at step")),
          String.join("\n", cli.lines));
    }
  }

  @Test
  void sigtermAndSigintCheckpointAndResumeExactly(@TempDir Path tmp) throws Exception {
    int i = 0;
    for (String signal : new String[] {"TERM", "INT"}) {
      Path run = tmp.resolve("signal-" + signal);
      try (var cli = new Cli(trainArgs(run))) {
        cli.await(l -> l.startsWith("step 3 "));
        new ProcessBuilder("kill", "-" + signal, Long.toString(cli.process.pid()))
            .start()
            .waitFor();
        int code = cli.finish();
        assertEquals(signal.equals("TERM") ? 143 : 130, code, String.join("\n", cli.lines));
        assertTrue(
            cli.lines.stream().anyMatch(l -> l.equals("resume with: dcgan train --resume " + run)),
            String.join("\n", cli.lines));
        var state = Checkpoints.readState(Checkpoints.latestOf(run));
        assertTrue(
            state.step() >= 3 && state.step() < EPOCHS * 4, "stopped at step " + state.step());
      }
      resumeToTheEnd(run);
      assertSameLosses(expected, losses(run));
      i++;
    }
    assertEquals(2, i);
  }

  @Test
  void sigkillLosesAtMostCheckpointEverySteps(@TempDir Path tmp) throws Exception {
    Path run = tmp.resolve("killed");
    long killedAfter;
    try (var cli = new Cli(trainArgs(run, "--checkpoint-every", "2"))) {
      cli.await(l -> l.endsWith("ckpt-000000006"));
      String last = cli.await(l -> l.startsWith("step "));
      killedAfter = Long.parseLong(last.split(" ")[1]);
      cli.process.destroyForcibly().waitFor();
    }
    long saved = Checkpoints.readState(Checkpoints.latestOf(run)).step();
    assertTrue(killedAfter - saved <= 2, "lost " + (killedAfter - saved) + " steps");
    resumeToTheEnd(run);
    assertSameLosses(expected, losses(run));
    try (var s = Files.list(run.resolve("checkpoints"))) {
      assertTrue(
          s.noneMatch(p -> p.getFileName().toString().startsWith(".tmp")),
          "a half-written checkpoint survived");
    }
  }
}
