package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.util.AtomicFiles;
import dev.dcgan.train.util.Checkpoints;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files of a run folder, met by {@code train --resume} and {@code export}: each is one
 * sentence naming the file and what to do, and exit code 1; never a Java exception's text.
 */
class DamagedRunTest {
  @TempDir static Path shared;
  static Path good;

  @BeforeAll
  static void trainOneEpoch() {
    good = shared.resolve("good");
    var r = MainTest.trainTiny(good, "--no-export");
    assertEquals(0, r.code(), r.err());
  }

  /** A copy of the good run to damage. */
  static Path copy(Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    try (var files = Files.walk(good)) {
      for (Path f : files.toList()) {
        Path to = run.resolve(good.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(to);
        else Files.copy(f, to);
      }
    }
    return run;
  }

  /** The first line on stderr of resume and of export; both must fail with exit code 1. */
  static List<String> failures(Path run, Path tmp) {
    var resume = MainTest.run("train", "--resume", run.toString(), "--epochs", "2", "--no-export");
    var export =
        MainTest.run(
            "export", "--checkpoint", run.toString(), "--out", tmp.resolve("m").toString());
    assertEquals(1, resume.code(), resume.out() + resume.err());
    assertEquals(1, export.code(), export.out() + export.err());
    return List.of(
        resume.err().lines().findFirst().orElseThrow(),
        export.err().lines().findFirst().orElseThrow());
  }

  static void assertSentence(String line, String file, String problem, String remedy) {
    assertTrue(line.contains(file + " " + problem), line);
    assertTrue(line.endsWith(remedy), line);
    assertFalse(line.matches(".*(Exception|Error|java\\.).*"), line);
  }

  @Test
  void emptyConfig(@TempDir Path tmp) throws IOException {
    Path run = copy(tmp);
    Files.writeString(run.resolve("config.json"), "");
    for (String line : failures(run, tmp)) {
      assertSentence(
          line,
          run.resolve("config.json").toString(),
          "is empty",
          "restore it from a copy of the run, or start a new run with another --run-dir");
    }
  }

  @Test
  void cutConfig(@TempDir Path tmp) throws IOException {
    Path run = copy(tmp);
    Path config = run.resolve("config.json");
    Files.writeString(config, Files.readString(config).substring(0, 40));
    for (String line : failures(run, tmp)) {
      assertSentence(
          line,
          config.toString(),
          "is cut short or not valid JSON",
          "start a new run with another --run-dir");
    }
  }

  @Test
  void cutStateFile(@TempDir Path tmp) throws IOException {
    Path run = copy(tmp);
    Path checkpoint = Checkpoints.latestOf(run);
    Path state = checkpoint.resolve(Checkpoints.STATE_FILE);
    Files.writeString(state, Files.readString(state).substring(0, 10));
    for (String line : failures(run, tmp)) {
      assertSentence(
          line,
          state.toString(),
          "is cut short or not valid JSON",
          "delete " + checkpoint + " to use the checkpoint before it");
    }
  }

  @Test
  void cutVariables(@TempDir Path tmp) throws IOException {
    Path run = copy(tmp);
    Path checkpoint = Checkpoints.latestOf(run);
    Path data;
    try (var files = Files.list(checkpoint)) {
      data =
          files
              .filter(f -> f.getFileName().toString().startsWith("variables.data"))
              .findFirst()
              .orElseThrow();
    }
    try (var channel = FileChannel.open(data, StandardOpenOption.WRITE)) {
      channel.truncate(64); // cut short by a full disk, say
    }
    for (String line : failures(run, tmp)) {
      assertSentence(
          line,
          checkpoint.toString(),
          "is damaged: its variables.* files cannot be read",
          "delete " + checkpoint + " to use the checkpoint before it");
    }
  }

  @Test
  void missingVariablesIndex(@TempDir Path tmp) throws IOException {
    Path run = copy(tmp);
    Path checkpoint = Checkpoints.latestOf(run);
    Files.delete(checkpoint.resolve("variables.index"));
    for (String line : failures(run, tmp)) {
      assertSentence(
          line,
          checkpoint.toString(),
          "is not a checkpoint (it has no variables.index)",
          "delete " + checkpoint + " to use the checkpoint before it");
    }
    AtomicFiles.deleteTree(checkpoint); // as told: the run has no other, so it starts again
    var r = MainTest.run("train", "--resume", run.toString(), "--no-export");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("note: " + run + " has no checkpoint yet"), r.out());
  }
}
