package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A child started through {@link SigintDisposition#RESET_TO_DEFAULT} can be stopped by SIGINT. */
class SigintDispositionTest {
  /**
   * The SigIgn line of a process started by a shell that ignores SIGINT, through {@code prefix}.
   */
  static String sigIgnUnderAnIgnoringShell(List<String> prefix) throws Exception {
    var inner = new ArrayList<>(prefix);
    inner.addAll(List.of("grep", "SigIgn", "/proc/self/status"));
    String command = "trap '' INT; exec " + String.join(" ", inner);
    var p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  static boolean sigintBit(String sigIgnLine) {
    long mask = Long.parseUnsignedLong(sigIgnLine.substring("SigIgn:".length()).trim(), 16);
    return (mask & 2L) != 0;
  }

  @Test
  void theResetGivesTheChildTheDefaultDispositionAnIgnoringParentWouldPassOn() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc here");
    assumeTrue(
        !SigintDisposition.RESET_TO_DEFAULT.isEmpty(),
        "this system's env has no --default-signal (coreutils 8.31 or later)");
    assertTrue(sigintBit(sigIgnUnderAnIgnoringShell(List.of())), "the shell did not pass it on");
    assertFalse(sigintBit(sigIgnUnderAnIgnoringShell(SigintDisposition.RESET_TO_DEFAULT)));
  }

  @Test
  void aSkipIsExplainedOnlyWhenTheChildrenWouldIgnoreSigint() throws IOException {
    String why = SigintDisposition.whyChildrenIgnoreIt();
    if (SigintDisposition.RESET_TO_DEFAULT.isEmpty() && SigintDisposition.ignoredHere()) {
      assertNotNull(why);
    } else {
      assertNull(why);
    }
  }
}
