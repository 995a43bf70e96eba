package dev.dcgan.train.cli;

import static dev.dcgan.train.cli.MainTest.run;
import static dev.dcgan.train.cli.MainTest.trainTiny;
import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.util.CpuFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --precision} on the command line: train, export and inspect. */
class PrecisionCommandsTest {
  @Test
  void trainExportAndInspectInBf16OrFallBackWithANote(@TempDir Path tmp) throws Exception {
    Path runDir = tmp.resolve("run");
    Path models = tmp.resolve("models");
    var train =
        trainTiny(runDir, "--precision", "bf16", "--export", models.toString(), "--no-eval");
    assertEquals(0, train.code(), train.err());
    // On a CPU without AVX512_BF16 / AMX-BF16 the run falls back, says so and records fp32.
    boolean native16 = CpuFeatures.detect().bf16();
    String expected = native16 ? "bf16" : "fp32";
    assertEquals(!native16, train.out().contains("training in fp32 instead"), train.out());
    assertTrue(
        Files.readString(runDir.resolve("config.json"))
            .contains("\"precision\": \"" + expected + "\""));
    var inspect = run("inspect", "--model", models.toString());
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(inspect.out().contains("precision: " + expected), inspect.out());
    assertTrue(inspect.out().contains("\"precision\": \"" + expected + "\""), inspect.out());

    // export --precision overrides the run's; the signatures are float32 either way.
    for (String p : new String[] {"fp32", "bf16"}) {
      Path out = tmp.resolve("export-" + p);
      var export =
          run(
              "export",
              "--checkpoint",
              runDir.toString(),
              "--out",
              out.toString(),
              "--precision",
              p,
              "--no-eval");
      assertEquals(0, export.code(), export.err());
      var shown = run("inspect", "--model", out.toString());
      assertTrue(shown.out().contains("precision: " + p), shown.out());
      assertTrue(shown.out().contains("input  z: float [-1, 100]"), shown.out());
      assertTrue(shown.out().contains("output images: float [-1, 28, 28, 1]"), shown.out());
    }
  }

  @Test
  void anUnknownPrecisionOrAChangeOnResumeIsAUsageError(@TempDir Path tmp) {
    var bad = run("train", "--precision", "fp16", "--run-dir", tmp.resolve("r").toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--precision takes fp32|bf16, got 'fp16'"), bad.err());
    var resume = run("train", "--resume", tmp.toString(), "--precision", "bf16");
    assertEquals(2, resume.code());
    assertTrue(resume.err().contains("--precision cannot change a resumed run"), resume.err());
  }
}
