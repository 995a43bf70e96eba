package dev.dcgan.train.bench;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FMA loop compiled at run time, and what it says without a compiler. */
class FmaPeakTest {

  private static boolean onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  @Test
  void withACompilerTheLoopGivesAPositiveRate() {
    assumeTrue(onPath("cc"), "no cc on PATH");
    // Few iterations: this checks the compile-and-run path, not the machine.
    var r = FmaPeak.measure("cc", 2, 2_000_000L, 1);
    assertTrue(r.measured(), r.note());
    assertTrue(r.gflops() > 0, r.note());
    assertTrue(r.note().contains("2 thread(s)"), r.note());
  }

  @Test
  void withoutACompilerTheResultSaysSoAndHasNoFigure(@TempDir Path tmp) {
    String missing = tmp.resolve("no-such-cc").toString();
    var r = FmaPeak.measure(missing, 2, 1000, 1);
    assertFalse(r.measured());
    assertNull(r.gflops());
    assertTrue(r.note().startsWith("no C compiler: '" + missing + "'"), r.note());
    assertTrue(r.note().contains("TF's MatMul instead"), r.note());
  }

  @Test
  void aFailingCompilerIsNamedWithItsExitCode() {
    assumeTrue(onPath("false"), "no false on PATH");
    var r = FmaPeak.measure("false", 1, 1000, 1);
    assertNull(r.gflops());
    assertTrue(r.note().contains("failed (exit 1)"), r.note());
  }
}
