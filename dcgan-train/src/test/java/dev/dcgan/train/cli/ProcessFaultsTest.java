package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dcgan.train.TestData;
import dev.dcgan.train.util.Checkpoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
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

  /** The launcher path the children are told they were started by. */
  static final String LAUNCHER = "./dcgan";

  /** A running {@code dcgan train}, its output read line by line. */
  static final class Cli implements AutoCloseable {
    final Process process;
    final BufferedReader out;
    final List<String> lines = new ArrayList<>();

    Cli(String... args) throws IOException {
      this(List.of(), args);
    }

    /** With JVM options, such as a crash point: {@code -Ddcgan.crashAt=checkpoint:2}. */
    Cli(List<String> jvmOptions, String... args) throws IOException {
      String cp =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      var cmd = new ArrayList<String>(SigintDisposition.RESET_TO_DEFAULT);
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx2g");
      cmd.addAll(jvmOptions);
      cmd.addAll(List.of("-cp", cp, Main.class.getName()));
      cmd.addAll(List.of(args));
      var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
      pb.environment().put(Launcher.ENV, LAUNCHER); // as the dcgan script does
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

    /** Reads up to {@code count} lines, fewer if the process ends first. */
    void skip(int count) throws IOException {
      for (String line; count-- > 0 && (line = out.readLine()) != null; ) lines.add(line);
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
    return trainArgs(runDir, EPOCHS, more);
  }

  static String[] trainArgs(Path runDir, int epochs, String... more) {
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
                Integer.toString(epochs),
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
    String sigintSkipped = SigintDisposition.whyChildrenIgnoreIt();
    var signals = sigintSkipped == null ? List.of("TERM", "INT") : List.of("TERM");
    int i = 0;
    for (String signal : signals) {
      Path run = tmp.resolve("signal " + signal); // a space, to be quoted in the hint
      try (var cli = new Cli(trainArgs(run))) {
        cli.await(l -> l.startsWith("step 3 "));
        new ProcessBuilder("kill", "-" + signal, Long.toString(cli.process.pid()))
            .start()
            .waitFor();
        int code = cli.finish();
        assertEquals(signal.equals("TERM") ? 143 : 130, code, String.join("\n", cli.lines));
        assertTrue(
            cli.lines.contains("resume with: " + LAUNCHER + " train --resume '" + run + "'"),
            String.join("\n", cli.lines));
        var state = Checkpoints.readState(Checkpoints.latestOf(run));
        assertTrue(
            state.step() >= 3 && state.step() < EPOCHS * 4, "stopped at step " + state.step());
      }
      resumeToTheEnd(run);
      assertSameLosses(expected, losses(run));
      i++;
    }
    assertEquals(signals.size(), i);
    assumeTrue(sigintSkipped == null, "the SIGINT case was skipped: " + sigintSkipped);
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

  /**
   * Killed again and again, first at chosen moments inside writes (a crash point halts the JVM
   * there), then at random ones, and started again each time: with --resume once the folder holds a
   * run, else with the first command. The run still ends with the losses of an uninterrupted one.
   */
  @Test
  void killedAnywhereAndResumedEndsAsAnUninterruptedRun(@TempDir Path tmp) throws Exception {
    Path run = tmp.resolve("run");
    // Each crash point with what it must have left behind for the next start to repair.
    var crashes = new LinkedHashMap<String, Predicate<Path>>();
    crashes.put("atomic-file:1", r -> !Files.exists(r.resolve("config.json")) && temporaries(r));
    crashes.put("atomic-file:2", r -> !Files.exists(r.resolve("model.json")));
    crashes.put("loss-row:3", r -> !readString(r.resolve("losses.csv")).endsWith("\n"));
    crashes.put("checkpoint:2", ProcessFaultsTest::temporaries);
    crashes.put("atomic-file:4", ProcessFaultsTest::temporaries);
    var random = new Random(10);
    int starts = 0;
    List<String> restarts = List.of();
    for (var crash : crashes.entrySet()) {
      try (var cli = start(run, List.of("-D" + CRASH_AT + "=" + crash.getKey()))) {
        assertEquals(137, cli.finish(), crash.getKey() + " not reached:\n" + cli.lines);
        if (starts == 2) restarts = cli.lines;
      }
      assertTrue(crash.getValue().test(run), crash.getKey() + " left nothing to repair");
      starts++;
    }
    assertTrue(
        restarts.stream().anyMatch(l -> l.contains("has no checkpoint yet")),
        "no note on the restart from step 0:\n" + restarts);
    boolean finished = false; // a kill may come too late
    for (int kill = 0; kill < 2 && !finished; kill++) {
      try (var cli = start(run, List.of())) {
        cli.skip(1 + random.nextInt(8)); // the start line, steps and checkpoints: a moment
        cli.process.waitFor(random.nextInt(300), TimeUnit.MILLISECONDS); // a random instant
        finished = cli.process.destroyForcibly().waitFor() == 0;
      }
    }
    if (!finished) {
      try (var cli = start(run, List.of())) {
        assertEquals(0, cli.finish(), String.join("\n", cli.lines));
      }
    }
    assertSameLosses(expected.subList(0, 1 + 4 * KILLED_EPOCHS), losses(run));
    assertFalse(temporaries(run), "temporary files survived a start");
  }

  static final String CRASH_AT = "dcgan.crashAt";

  /** The first epochs of a run are those of a longer one: the straight run's rows serve. */
  static final int KILLED_EPOCHS = 2;

  /** The first command while the folder holds no run, then --resume. */
  static Cli start(Path run, List<String> jvmOptions) throws IOException {
    return Files.exists(run.resolve("config.json"))
        ? new Cli(
            jvmOptions, "train", "--resume", run.toString(), "--no-export", "--log-every", "1")
        : new Cli(jvmOptions, trainArgs(run, KILLED_EPOCHS, "--checkpoint-every", "1"));
  }

  /** Whether killed writes left temporary files or checkpoint folders in a run folder. */
  static boolean temporaries(Path run) {
    try (var files = Files.walk(run)) {
      return files.anyMatch(
          f ->
              f.getFileName().toString().startsWith(".tmp-ckpt-")
                  || f.getFileName().toString().matches("\\..+\\.tmp"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
