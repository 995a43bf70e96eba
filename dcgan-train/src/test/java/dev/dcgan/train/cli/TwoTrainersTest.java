package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestData;
import dev.dcgan.train.training.StepMetrics;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.Trainer;
import dev.dcgan.train.training.TrainingListener;
import dev.dcgan.train.util.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One trainer per run folder: while this JVM trains (held inside a step), a second trainer in a
 * child JVM, started as a new run or with --resume, exits 1 naming this process and writes nothing;
 * the first then finishes as if alone.
 */
class TwoTrainersTest {
  /** Every file of a folder with its size and modification time. */
  static Map<String, String> snapshot(Path dir) throws IOException {
    var files = new TreeMap<String, String>();
    try (var walk = Files.walk(dir)) {
      for (Path f : walk.toList())
        files.put(dir.relativize(f).toString(), Files.size(f) + " " + Files.getLastModifiedTime(f));
    }
    return files;
  }

  @Test
  void theSecondTrainerIsRefusedNamingTheFirst(@TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    var config =
        TrainConfig.builder()
            .data(TestData.mnist().toString())
            .limit(256)
            .batchSize(64)
            .epochs(1)
            .seed(5)
            .runDir(run.toString())
            .build();
    var seconds = new ArrayList<ProcessFaultsTest.Cli>();
    var unchanged = new ArrayList<Boolean>();
    var result =
        new Trainer(config)
            .train(
                new TrainingListener() {
                  @Override
                  public void onStep(long step, int epoch, int batch, StepMetrics m) {
                    if (step != 2) return;
                    try {
                      var before = snapshot(run);
                      for (var args :
                          List.of(
                              ProcessFaultsTest.trainArgs(run),
                              new String[] {"train", "--resume", run.toString(), "--no-export"})) {
                        try (var second = new ProcessFaultsTest.Cli(args)) {
                          assertEquals(1, second.finish());
                          seconds.add(second);
                        }
                      }
                      unchanged.add(before.equals(snapshot(run)));
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  }
                });

    assertEquals(2, seconds.size());
    for (var second : seconds) {
      String refusal = second.lines.get(0);
      assertTrue(
          refusal.startsWith(
              "dcgan train: "
                  + run
                  + " is in use by another trainer (PID "
                  + ProcessHandle.current().pid()
                  + " on "),
          String.join("\n", second.lines));
      assertTrue(
          refusal.matches(".*, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\);.*"), refusal);
    }
    assertEquals(List.of(true), unchanged, "a refused trainer wrote to the folder");
    assertEquals(4, result.steps());
    assertEquals(5, Files.readAllLines(run.resolve("losses.csv")).size());
    assertEquals(4, Checkpoints.readState(Checkpoints.latestOf(run)).step());
    assertEquals(
        config.optimisation().seed(),
        dev.dcgan.train.training.RunFolder.existing(run).readConfig().optimisation().seed());
  }
}
