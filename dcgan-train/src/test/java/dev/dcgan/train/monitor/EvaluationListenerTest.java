package dev.dcgan.train.monitor;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.training.StepMetrics;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.TrainingListener.EpochSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The best checkpoint is the one after the epoch of lowest FCD, and survives a resume. */
class EvaluationListenerTest {
  static final int STEPS_PER_EPOCH = 10;

  /** A listener whose measure returns {@code fcds} in turn; TensorBoard scalars go to a list. */
  static EvaluationListener listener(Path run, int every, Iterator<Double> fcds, List<Float> tb) {
    return new EvaluationListener(run, every, dir -> epoch -> fcds.next(), (t, s, v) -> tb.add(v));
  }

  /** Epoch {@code e} as the trainer reports it, then its checkpoint, which holds a marker file. */
  static void epoch(EvaluationListener l, Path run, int e) throws IOException {
    evaluate(l, e);
    Path ckpt = run.resolve("checkpoints").resolve("ckpt-" + e);
    Files.createDirectories(ckpt);
    Files.writeString(ckpt.resolve("marker"), "epoch " + e);
    l.onCheckpoint(ckpt);
  }

  static void evaluate(EvaluationListener l, int e) {
    l.onEpoch(
        new EpochSummary(
            e,
            9,
            (long) e * STEPS_PER_EPOCH,
            new StepMetrics(1, 1, 0.5f, 0.5f),
            1,
            1,
            null,
            z -> new float[0]));
  }

  static String best(Path run) throws IOException {
    return Files.readString(EvaluationListener.bestCheckpoint(run).resolve("marker"));
  }

  @Test
  void keepsTheCheckpointOfTheLowestFcdApartFromTheRotation(@TempDir Path run) throws IOException {
    var tb = new ArrayList<Float>();
    var config = TrainConfig.defaults();
    try (var l = listener(run, 2, List.of(50.0, 30.0, 40.0).iterator(), tb)) {
      l.onStart(config, null, run, 0, STEPS_PER_EPOCH);
      for (int e = 1; e <= 6; e++) {
        epoch(l, run, e);
        if (e == 4) assertEquals("epoch 4", best(run), "30 after 50: a new best");
      }
    }
    assertEquals("epoch 4", best(run), "40 is not better than 30");
    assertEquals(
        List.of("epoch,step,fcd", "2,20,50.0000", "4,40,30.0000", "6,60,40.0000"),
        Files.readAllLines(run.resolve(EvaluationListener.TABLE)));
    assertEquals(List.of(50f, 30f, 40f), tb);
  }

  @Test
  void aResumedRunRemembersTheBestAndRedoesWhatItsCheckpointMissed(@TempDir Path run)
      throws IOException {
    var config = TrainConfig.defaults();
    try (var l = listener(run, 1, List.of(30.0, 50.0, 20.0).iterator(), new ArrayList<>())) {
      l.onStart(config, null, run, 0, STEPS_PER_EPOCH);
      epoch(l, run, 1);
      epoch(l, run, 2);
      evaluate(l, 3); // killed after epoch 3's evaluation, before its checkpoint
    }
    assertEquals("epoch 1", best(run));
    // Resumed from the checkpoint after epoch 2: epoch 3's row goes, and epoch 3 is redone.
    try (var l = listener(run, 1, List.of(40.0, 20.0).iterator(), new ArrayList<>())) {
      l.onStart(config, null, run, 2 * STEPS_PER_EPOCH, STEPS_PER_EPOCH);
      epoch(l, run, 3);
      assertEquals("epoch 1", best(run), "40 is not better than epoch 1's 30, read from the table");
      epoch(l, run, 4);
    }
    assertEquals(
        List.of("epoch,step,fcd", "1,10,30.0000", "2,20,50.0000", "3,30,40.0000", "4,40,20.0000"),
        Files.readAllLines(run.resolve(EvaluationListener.TABLE)));
    assertEquals("epoch 4", best(run));
  }
}
