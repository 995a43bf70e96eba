package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestData;
import dev.dcgan.train.data.LoadOptions;
import dev.dcgan.train.util.Checkpoints;
import dev.dcgan.train.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short real runs on a small MNIST subset. */
class TrainerTest {
  static TrainConfig.Builder small(Path runDir) {
    return TrainConfig.builder()
        .data(TestData.mnist().toString())
        .limit(256)
        .batchSize(64)
        .epochs(2)
        .seed(3)
        .runDir(runDir.toString());
  }

  /** Two steps of 16 fake 16x16 grayscale images (ten classes in turn), tutorial networks. */
  static TrainConfig.Builder fakeTutorial(Path runDir) {
    return TrainConfig.builder()
        .data("fake")
        .imageSize(16)
        .channels(1)
        .architecture(dev.dcgan.train.model.Architecture.TUTORIAL)
        .limit(32)
        .batchSize(16)
        .epochs(1)
        .runDir(runDir.toString());
  }

  static List<String> rows(Path runDir) throws IOException {
    return Files.readAllLines(runDir.resolve("losses.csv"));
  }

  @Test
  void shortRunKeepsLossesFiniteAndMovesDOfGOfZ(@TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    var result = new Trainer(small(run).epochs(3).build()).train(new TrainingListener() {});
    assertEquals(12, result.steps(), "3 epochs of 256/64 batches");
    assertEquals(3, result.epochs());
    assertFalse(result.stopped());
    var lines = rows(run);
    assertEquals(LossLog.HEADER, lines.get(0));
    assertEquals(13, lines.size());
    double firstDFake = Double.NaN, lastDFake = Double.NaN;
    for (String line : lines.subList(1, lines.size())) {
      var f = line.split(",");
      for (int i = 2; i < 6; i++) assertTrue(Double.isFinite(Double.parseDouble(f[i])), line);
      if (Double.isNaN(firstDFake)) firstDFake = Double.parseDouble(f[5]);
      lastDFake = Double.parseDouble(f[5]);
    }
    assertNotEquals(firstDFake, lastDFake, 1e-4, "D(G(z)) did not change");
    for (int e = 1; e <= 3; e++) {
      var png =
          ImageIO.read(run.resolve("samples").resolve(String.format("epoch-%03d.png", e)).toFile());
      assertEquals(8 * 28 + 7 * 2, png.getWidth());
    }
    assertTrue(Files.isRegularFile(run.resolve("config.json")));
    var checkpoints = new Checkpoints(run, 3).list();
    assertEquals(3, checkpoints.size());
    assertEquals(12, Checkpoints.readState(checkpoints.get(2)).step());
    assertEquals(3, Checkpoints.readState(checkpoints.get(2)).epoch());
  }

  @Test
  void partialLastBatchIsTrainedOn(@TempDir Path tmp) throws IOException {
    // 100 images in batches of 64: 64 + 36.
    var result =
        new Trainer(small(tmp.resolve("run")).limit(100).epochs(1).build())
            .train(new TrainingListener() {});
    assertEquals(2, result.steps());
    assertEquals(100, Checkpoints.readState(result.checkpoint()).imagesSeen());
  }

  @Test
  void keepsOnlyTheNewestCheckpoints(@TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    new Trainer(small(run).epochs(3).keep(2).build()).train(new TrainingListener() {});
    var names =
        new Checkpoints(run, 2).list().stream().map(p -> p.getFileName().toString()).toList();
    assertEquals(List.of("ckpt-000000008", "ckpt-000000012"), names);
    try (var s = Files.list(run.resolve("checkpoints"))) {
      assertTrue(
          s.noneMatch(p -> p.getFileName().toString().startsWith(".tmp")),
          "temporary folder left behind");
    }
  }

  @Test
  void resumedRunRepeatsTheUninterruptedOne(@TempDir Path tmp) throws IOException {
    Path straight = tmp.resolve("straight");
    new Trainer(small(straight).epochs(2).build()).train(new TrainingListener() {});

    // Stop in the middle of epoch 1 (after step 2 of 4), resume, then resume again to the end.
    Path interrupted = tmp.resolve("interrupted");
    var trainer = new Trainer(small(interrupted).epochs(2).build());
    var first = stopAfter(trainer, 2);
    assertTrue(first.stopped());
    assertEquals(2, first.steps());
    var state = Checkpoints.readState(first.checkpoint());
    assertEquals(0, state.epoch());
    assertEquals(2, state.batch());
    var second = Trainer.resume(interrupted, 0).train(new TrainingListener() {});
    assertFalse(second.stopped());
    assertEquals(8, second.steps());

    assertSameRows(straight, interrupted);
  }

  /** Trains until {@code step} is done, then stops as an interrupted run would. */
  static TrainResult stopAfter(Trainer trainer, long step) throws IOException {
    return trainer.train(
        new TrainingListener() {
          @Override
          public void onStep(long s, int epoch, int batch, StepMetrics m) {
            if (s == step) trainer.requestStop();
          }
        });
  }

  /**
   * A run of {@code config} stopped after step {@code stopAt} and resumed repeats the uninterrupted
   * one: the same losses row by row and the same last grid, byte for byte.
   *
   * @return the resumed run's result
   */
  static TrainResult assertResumesExactly(
      java.util.function.Function<Path, TrainConfig.Builder> config, Path tmp, long stopAt)
      throws IOException {
    Path straight = tmp.resolve("straight");
    var whole = new Trainer(config.apply(straight).build()).train(new TrainingListener() {});
    Path interrupted = tmp.resolve("interrupted");
    var first = stopAfter(new Trainer(config.apply(interrupted).build()), stopAt);
    assertTrue(first.stopped());
    var second = Trainer.resume(interrupted, 0).train(new TrainingListener() {});
    assertEquals(whole.steps(), second.steps());
    assertSameRows(straight, interrupted);
    String lastGrid = String.format("samples/epoch-%03d.png", whole.epochs());
    assertArrayEquals(
        java.nio.file.Files.readAllBytes(straight.resolve(lastGrid)),
        java.nio.file.Files.readAllBytes(interrupted.resolve(lastGrid)),
        "the last grids agree");
    return second;
  }

  /**
   * The losses of two runs agree row by row (to the last digits: thread scheduling), every column
   * (an augmented run's p and r_t too).
   */
  static void assertSameRows(Path straight, Path resumed) throws IOException {
    var a = rows(straight);
    var b = rows(resumed);
    assertEquals(a.size(), b.size());
    for (int i = 1; i < a.size(); i++) {
      var x = a.get(i).split(",");
      var y = b.get(i).split(",");
      assertEquals(x[0], y[0]);
      assertEquals(x.length, y.length, "row " + i + " has the same columns");
      for (int j = 2; j < x.length; j++) {
        assertEquals(
            Double.parseDouble(x[j]),
            Double.parseDouble(y[j]),
            1e-4,
            "row " + i + ": " + a.get(i) + " vs " + b.get(i));
      }
    }
  }

  /**
   * A run folder of the version before the configuration had groups: its flat {@code config.json}
   * (as that version's Gson wrote it, 0 for the default widths) still resumes, to the same losses.
   */
  @Test
  void runFolderWithTheOldFlatConfigResumes(@TempDir Path tmp) throws IOException {
    // That version had no latent code.
    Path straight = tmp.resolve("straight");
    new Trainer(small(straight).latentCode(0).epochs(2).build()).train(new TrainingListener() {});

    Path old = tmp.resolve("old");
    new Trainer(small(old).latentCode(0).epochs(1).build()).train(new TrainingListener() {});
    String adam =
        """
        {
            "learningRate": 2.0E-4,
            "beta1": 0.5,
            "beta2": 0.999,
            "epsilon": 1.0E-7
          }""";
    Files.writeString(
        old.resolve(RunFolder.CONFIG),
        """
        {
          "data": %s,
          "imageSize": 0,
          "channels": 0,
          "limit": 256,
          "ngf": 0,
          "ndf": 0,
          "latentSize": 100,
          "epochs": 1,
          "batchSize": 64,
          "dAdam": %s,
          "gAdam": %s,
          "dStepsPerG": 1,
          "seed": 3,
          "runDir": %s,
          "intraOpThreads": 0,
          "interOpThreads": 1,
          "keep": 3,
          "checkpointEvery": 0,
          "summaryEvery": 0
        }
        """
            .formatted(
                Json.toJson(TestData.mnist().toString()), adam, adam, Json.toJson(old.toString())));
    var config = RunFolder.existing(old).readConfig();
    assertEquals(64, config.network().ngf(), "0 stood for the default width");
    assertEquals(RunConfig.DEFAULTS.summaryEvery(), config.run().summaryEvery());
    assertEquals(
        LoadOptions.DEFAULT_MAX_IMAGE_PIXELS,
        config.data().maxImagePixels(),
        "a file from before --max-image-pixels: the default");

    var resumed = Trainer.resume(old, 2).train(new TrainingListener() {});
    assertEquals(8, resumed.steps());
    assertSameRows(straight, old);
  }

  @Test
  void divergenceStopsWithTheStepAndKeepsTheLastGoodCheckpoint(@TempDir Path tmp)
      throws IOException {
    Path run = tmp.resolve("run");
    new Trainer(small(run).epochs(1).build()).train(new TrainingListener() {});
    var good = new Checkpoints(run, 3).latest().orElseThrow();
    // Resume the run with an absurd learning rate: the weights blow up within a few steps.
    var config = RunFolder.existing(run).readConfig();
    var huge = AdamConfig.DCGAN.withLearningRate(1e30f);
    RunFolder.existing(run)
        .writeConfig(config.toBuilder().dAdam(huge).gAdam(huge).epochs(50).build());
    var e =
        assertThrows(
            TrainingDivergedException.class,
            () -> Trainer.resume(run, 0).train(new TrainingListener() {}));
    assertTrue(e.getMessage().matches("training diverged at step \\d+ .*"), e.getMessage());
    assertTrue(e.getMessage().contains(good.toString()), e.getMessage());
    assertEquals(
        good, new Checkpoints(run, 3).latest().orElseThrow(), "a diverged state was checkpointed");
  }

  @Test
  void refusesToOverwriteARun(@TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    new Trainer(small(run).epochs(1).build()).train(new TrainingListener() {});
    var e = assertThrows(IOException.class, () -> new Trainer(small(run).build()));
    assertTrue(e.getMessage().contains("already holds a run"), e.getMessage());
  }

  @Test
  void resumingAFinishedRunAsksForMoreEpochs(@TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    new Trainer(small(run).epochs(1).build()).train(new TrainingListener() {});
    var e =
        assertThrows(
            IOException.class, () -> Trainer.resume(run, 0).train(new TrainingListener() {}));
    assertTrue(
        e.getMessage().contains("has already trained 1 epochs; resume with --epochs 2"),
        e.getMessage());
    var more = Trainer.resume(run, 2).train(new TrainingListener() {});
    assertEquals(2, more.epochs());
    assertEquals(8, more.steps());
  }

  @Test
  void resumeOfAFolderWithoutARunSaysSo(@TempDir Path tmp) throws IOException {
    var e = assertThrows(IOException.class, () -> Trainer.resume(tmp, 0));
    assertTrue(e.getMessage().contains("not a run folder"), e.getMessage());
  }

  /**
   * What a kill in the first epoch leaves: config, model, rows with a cut last one, temporaries,
   * and no checkpoint. --resume starts it again from step 0 with its seed, and says so.
   */
  @Test
  void aRunKilledBeforeItsFirstCheckpointStartsAgainOnResume(@TempDir Path tmp) throws IOException {
    Path straight = tmp.resolve("straight");
    new Trainer(small(straight).epochs(1).build()).train(new TrainingListener() {});

    Path killed = tmp.resolve("killed");
    var crash = new IllegalStateException("killed");
    var thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                new Trainer(small(killed).epochs(1).build())
                    .train(
                        new TrainingListener() {
                          @Override
                          public void onStep(long step, int epoch, int batch, StepMetrics m) {
                            if (step == 2) throw crash;
                          }
                        }));
    assertSame(crash, thrown);
    assertTrue(new Checkpoints(killed, 3).list().isEmpty());
    Files.writeString(killed.resolve("losses.csv"), "3,1,1.3", StandardOpenOption.APPEND);
    Files.createDirectories(killed.resolve("checkpoints/.tmp-ckpt-42"));
    Files.writeString(killed.resolve("checkpoints/.tmp-ckpt-42/variables.index"), "half");
    Files.writeString(killed.resolve(".losses.csv4711.tmp"), "half");

    var notes = new java.util.ArrayList<String>();
    var result =
        Trainer.resume(killed, 0)
            .train(
                new TrainingListener() {
                  @Override
                  public void onNote(String note) {
                    notes.add(note);
                  }
                });
    assertEquals(
        List.of(
            killed
                + " has no checkpoint yet (its run was stopped before the first): starting again"
                + " from step 0 with seed 3"),
        notes);
    assertEquals(4, result.steps());
    var expected = rows(straight);
    var actual = rows(killed);
    assertEquals(expected.size(), actual.size(), "not the run from step 0: " + actual);
    for (int i = 1; i < expected.size(); i++) {
      var x = expected.get(i).split(",");
      var y = actual.get(i).split(",");
      assertEquals(x[0], y[0]);
      for (int j = 2; j < 6; j++)
        assertEquals(Double.parseDouble(x[j]), Double.parseDouble(y[j]), 1e-4, actual.get(i));
    }
    try (var files = Files.walk(killed)) {
      assertEquals(
          List.of(),
          files.filter(f -> f.getFileName().toString().matches("\\..*tmp.*")).toList(),
          "temporaries survived");
    }
  }
}
