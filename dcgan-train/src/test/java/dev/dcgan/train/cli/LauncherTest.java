package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands the CLI prints work when pasted into the shell the user typed the first one in. */
class LauncherTest {
  @Test
  void quotesOnlyWordsTheShellWouldSplitOrExpand() {
    assertEquals("runs/20261127-034101", Launcher.quote("runs/20261127-034101"));
    assertEquals("'my runs/a'", Launcher.quote("my runs/a"));
    assertEquals("'it'\\''s'", Launcher.quote("it's"));
    assertEquals("'$HOME'", Launcher.quote("$HOME"));
    assertEquals("''", Launcher.quote(""));
  }

  @Test
  void usesTheLauncherAsTyped() {
    assertEquals(
        "./dcgan train --resume 'runs/my run'",
        Launcher.command("./dcgan", List.of("train", "--resume", "runs/my run")));
  }

  @Test
  void withoutTheLauncherItIsThisJavaCommand() {
    String command = Launcher.command(null, List.of("train", "--resume", "r"));
    assertTrue(
        command.endsWith(
            " -cp "
                + Launcher.quote(System.getProperty("java.class.path"))
                + " dev.dcgan.train.cli.Main train --resume r"),
        command);
  }

  /** A stand-in launcher in a folder with a space prints the words it gets, one a line. */
  @Test
  void theShellGivesBackTheSameWords(@TempDir Path tmp) throws Exception {
    Path launcher = Files.createDirectories(tmp.resolve("my tools")).resolve("dcgan");
    Files.writeString(launcher, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
    var words = List.of("train", "--resume", "runs/it's a run", "$HOME", "a;b");
    String command = Launcher.command(launcher.toString(), words);

    var shell = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    String printed = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(shell.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, shell.exitValue(), printed);
    assertEquals(words, printed.lines().toList(), command);
  }
}
