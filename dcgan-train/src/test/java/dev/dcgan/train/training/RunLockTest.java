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
}
