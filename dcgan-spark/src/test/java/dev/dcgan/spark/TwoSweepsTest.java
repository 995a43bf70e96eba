package dev.dcgan.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code dcgan sweep} processes on one --out, as a user who starts the same command twice gets
 * them: the second is refused while the first holds the folder, and the first keeps the result of a
 * trial that was finished while its task waited for the trial's run folder. Synchronised by the
 * processes' own output and a lock-holding process, never by sleeping.
 */
class TwoSweepsTest {
  @TempDir Path tmp;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopProcesses() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void aSecondSweepOnTheSameFolderIsRefusedAndAFinishedTrialKeepsItsResult() throws Exception {
    Path spec = tmp.resolve("spec.json");
    Files.writeString(
        spec,
        """
        {"name": "twice",
         "train": {"data": "%s", "limit": 64, "batch-size": 64},
         "grid": {"loss": ["hinge"]},
         "epochs": 1, "metric": "fcd", "eval-every": 1}
        """
            .formatted(SweepTestSupport.ROOT.resolve("data/mnist")));
    Path out = tmp.resolve("sweep");
    Path trial = out.resolve("trials").resolve("t000");

    // Another trainer holds the trial's run folder, so the first sweep's task waits for it there.
    Process holder = start(HoldRunLock.class.getName(), trial.resolve("run").toString());
    var holderOut = reader(holder);
    assertEquals("held", holderOut.readLine());

    Process first = start(SweepMain.class.getName(), sweepArgs(spec, out), null);
    var firstOut = reader(first);
    String line;
    while ((line = firstOut.readLine()) != null && !line.startsWith("sweep twice: ")) {}
    assertNotNull(line, "the first sweep stopped before it started its trials");
    String specCopy = Files.readString(out.resolve(Sweep.SPEC_COPY));

    // Its output goes to a file: a second sweep that waits instead of refusing must fail the
    // test, not hang it on a pipe.
    Path secondLog = tmp.resolve("second.log");
    Process second = start(SweepMain.class.getName(), sweepArgs(spec, out), secondLog);
    assertTrue(second.waitFor(5, TimeUnit.MINUTES), "the second sweep is still running");
    String secondOut = Files.readString(secondLog);
    assertEquals(1, second.exitValue(), secondOut);
    assertTrue(
        secondOut.contains(out + " is in use by another sweep (PID " + first.pid()), secondOut);
    assertTrue(secondOut.contains("choose another --out"), secondOut);
    assertEquals(specCopy, Files.readString(out.resolve(Sweep.SPEC_COPY)));

    // Whoever held the run folder finished the trial: its result is there when the folder frees.
    var finished =
        new TrialResult(
            "t000", Map.of("loss", "hinge"), "done", 12.5, 1, 1, 3.0, 1, "", "elsewhere");
    finished.write(trial);
    holder.getOutputStream().close();
    assertTrue(holder.waitFor(5, TimeUnit.MINUTES));

    String rest = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(first.waitFor(10, TimeUnit.MINUTES), "the first sweep is still running");
    assertEquals(0, first.exitValue(), rest);
    assertEquals(finished, TrialResult.read(trial), "the finished trial's result was rewritten");
    assertFalse(
        Files.exists(trial.resolve("run").resolve("config.json")), "the trial was trained again");
  }

  private static List<String> sweepArgs(Path spec, Path out) {
    return List.of(
        "--spec",
        spec.toString(),
        "--out",
        out.toString(),
        "--master",
        "local[1]",
        "--no-export",
        "--conf",
        "spark.ui.enabled=false");
  }

  private Process start(String mainClass, String... args) throws IOException {
    return start(mainClass, List.of(args), null);
  }

  /** Output to {@code log}, or to a pipe when it is null. */
  private Process start(String mainClass, List<String> args, Path log) throws IOException {
    var pb =
        new ProcessBuilder(SweepTestSupport.jvm().command(List.of(), mainClass, args))
            .redirectErrorStream(true);
    if (log != null) pb.redirectOutput(log.toFile());
    SweepTestSupport.jvm().environment(pb.environment());
    Process p = pb.start();
    started.add(p);
    return p;
  }

  private static BufferedReader reader(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }
}
