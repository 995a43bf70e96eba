package dev.dcgan.train.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What SIGINT does in the processes a test starts. A process started in the background by a
 * non-interactive shell ({@code nohup ./test.sh &}, some CI runners) inherits SIGINT ignored, a
 * child inherits that in turn, and the JVM leaves an ignored SIGINT ignored: the trainer would
 * never see its Ctrl-C. Tests that send SIGINT start their children through coreutils' {@code env
 * --default-signal=INT} (coreutils 8.31 and later), which gives them the default disposition
 * whatever this JVM inherited.
 */
final class SigintDisposition {
  private SigintDisposition() {}

  /** The command prefix that resets SIGINT to its default in the child, or empty if none works. */
  static final List<String> RESET_TO_DEFAULT = resetCommand();

  private static List<String> resetCommand() {
    var prefix = List.of("env", "--default-signal=INT");
    try {
      var p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true);
      var process = p.start();
      process.getInputStream().readAllBytes();
      return process.waitFor() == 0 ? prefix : List.of();
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  /**
   * Null when a child started with {@link #RESET_TO_DEFAULT} reacts to SIGINT; else why it cannot:
   * this JVM ignores SIGINT (Linux: bit 2 of {@code SigIgn} in /proc/self/status) and no command
   * here resets it.
   */
  static String whyChildrenIgnoreIt() throws IOException {
    if (!RESET_TO_DEFAULT.isEmpty() || !ignoredHere()) return null;
    return "this JVM was started with SIGINT ignored (as a background job of a non-interactive"
        + " shell is), its children inherit that, and this system's env has no --default-signal"
        + " (coreutils 8.31 or later) to reset it";
  }

  /** Whether SIGINT is ignored in this process, as far as /proc tells (false where it cannot). */
  static boolean ignoredHere() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) return false;
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
        return (mask & (1L << (2 - 1))) != 0; // SIGINT is signal 2, bit 1
      }
    }
    return false;
  }
}
