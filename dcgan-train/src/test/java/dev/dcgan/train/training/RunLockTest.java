package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.lock: the OS lock decides, the text names the owner. */
class RunLockTest {
  @Test
  void aHeldFolderIsRefusedNamingItsOwner(@TempDir Path run) throws IOException {
    try (var lock = RunLock.acquire(run)) {
      String owner = Files.readString(run.resolve(RunLock.FILE));
      var e = assertThrows(IOException.class, () -> RunLock.acquire(run));
      assertTrue(
          e.getMessage()
              .startsWith(
                  run + " is in use by another trainer (PID " + ProcessHandle.current().pid()),
          e.getMessage());
      assertTrue(e.getMessage().contains("choose another --run-dir"), e.getMessage());
      assertThrows(IOException.class, () -> RunLock.checkFree(run));
      assertEquals(owner, Files.readString(run.resolve(RunLock.FILE)), "the refusal wrote");
    }
    RunLock.checkFree(run); // released
    RunLock.acquire(run).close();
  }

  @Test
  void aLockFileLeftByADeadTrainerIsTakenOver(@TempDir Path run) throws IOException {
    Files.writeString(
        run.resolve(RunLock.FILE), "pid 999999999\nhost elsewhere\nsince 2020-01-01T00:00:00Z\n");
    try (var lock = RunLock.acquire(run)) {
      assertTrue(
          Files.readString(run.resolve(RunLock.FILE))
              .startsWith("pid " + ProcessHandle.current().pid() + "\n"));
    }
  }

  @Test
  void aSymbolicLinkNamedRunLockIsNotFollowed(@TempDir Path tmp) throws IOException {
    Path run = Files.createDirectories(tmp.resolve("run"));
    Path precious = Files.writeString(tmp.resolve("precious.txt"), "keep me\n");
    Files.createSymbolicLink(run.resolve(RunLock.FILE), precious);

    var e = assertThrows(IOException.class, () -> RunLock.acquire(run));
    assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
    assertThrows(IOException.class, () -> RunLock.checkFree(run));
    assertEquals("keep me\n", Files.readString(precious), "the lock wrote through the link");
  }

  @Test
  void aHolderThatHasNotWrittenItsTextYetIsNamedAsStarting(@TempDir Path run) throws IOException {
    try (var lock = RunLock.acquire(run)) {
      // The moment between the owner's OS lock and its text: the file is still empty.
      try (var channel =
          java.nio.channels.FileChannel.open(
              run.resolve(RunLock.FILE), java.nio.file.StandardOpenOption.WRITE)) {
        channel.truncate(0);
      }
      var e = assertThrows(IOException.class, () -> RunLock.acquire(run));
      assertTrue(e.getMessage().contains("a trainer that is starting there"), e.getMessage());
      assertFalse(e.getMessage().contains("?"), e.getMessage());
    }
  }
}
