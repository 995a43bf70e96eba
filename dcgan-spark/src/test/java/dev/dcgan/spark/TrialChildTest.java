package dev.dcgan.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial JVM whose task goes away (its executor killed: the pipe on its stdin closes) stops as on
 * SIGTERM, with a checkpoint to resume from, rather than train on as an orphan holding the run
 * folder's lock.
 */
class TrialChildTest {
  @TempDir Path tmp;

  @Test
  void stopsWithACheckpointWhenItsParentGoesAway() throws Exception {
    Path run = tmp.resolve("run");
    var cmd =
        SweepTestSupport.jvm()
            .command(
                List.of(),
                TrialChild.class.getName(),
                List.of(
                    "train",
                    "--data",
                    "fake",
                    "--image-size",
                    "28",
                    "--limit",
                    "128",
                    "--batch-size",
                    "64",
                    "--epochs",
                    "1000",
                    "--run-dir",
                    run.toString(),
                    "--no-export",
                    "--no-progress-bar",
                    "--log-every",
                    "1",
                    "--threads",
                    "1"));
    var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    SweepTestSupport.jvm().environment(pb.environment());
    Process p = pb.start();
    var lines = new ArrayList<String>();
    try (var out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l; (l = out.readLine()) != null; ) {
        lines.add(l);
        if (l.startsWith("epoch 2/")) p.getOutputStream().close(); // the parent is gone
      }
    }
    assertEquals(143, p.waitFor(), String.join("\n", lines));
    assertTrue(
        lines.stream().anyMatch(l -> l.startsWith("stopped at step")), String.join("\n", lines));
    assertTrue(Files.isDirectory(run.resolve("checkpoints")));
    assertFalse(lines.stream().anyMatch(l -> l.startsWith("epoch 1000/")));
  }
}
