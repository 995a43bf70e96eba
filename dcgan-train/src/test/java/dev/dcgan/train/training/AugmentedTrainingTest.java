package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dcgan.train.augment.AdaptiveAugmentation;
import dev.dcgan.train.augment.Augmentation;
import dev.dcgan.train.augment.DiffAugment;
import dev.dcgan.train.options.TrainOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training with DiffAugment on D's input and ADA's adaptive p: logged, checkpointed, resumed. */
class AugmentedTrainingTest {
  private static final int BATCH = 8;

  /**
   * 64 fake colour images, 8 a batch, 2 epochs: 16 steps, so ADA adjusts p 4 times. A target of 0
   * moves p up whenever D calls the real images real more often than not, as it does on fake data
   * early.
   */
  private static TrainConfig.Builder adaptive(Path run) {
    return TrainerTest.fakeTutorial(run)
        .channels(3)
        .limit(64)
        .batchSize(BATCH)
        .epochs(2)
        .set(TrainOptions.AUGMENT, DiffAugment.parse("color,translation,cutout"))
        .set(TrainOptions.AUGMENT_P, Augmentation.Probability.AUTO)
        .set(TrainOptions.AUGMENT_TARGET, 0f);
  }

  /** Stopped mid-epoch and resumed, an augmented run repeats the uninterrupted one, p included. */
  @Test
  void augmentedRunResumesExactly(@TempDir Path tmp) throws IOException {
    var second = TrainerTest.assertResumesExactly(AugmentedTrainingTest::adaptive, tmp, 5);
    assertEquals(16, second.steps());
    assertEquals(
        LossLog.HEADER + LossLog.AUGMENT_COLUMNS,
        TrainerTest.rows(tmp.resolve("interrupted")).get(0));
  }

  /**
   * losses.csv's p follows ADA's rule row by row: after every 4th D update it moves by
   * batch·4/500,000 toward r_t's side of the target, clipped to [0, 1], and stays put in between.
   */
  @Test
  void adaptivePMovesByAdaRule(@TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    new Trainer(adaptive(run).build()).train(new TrainingListener() {});
    List<String> rows = TrainerTest.rows(run);
    assertEquals(17, rows.size(), "a header and 16 rows");
    double step = AdaptiveAugmentation.Settings.DEFAULT.step(BATCH); // the target plays no part
    double target = 0;
    int moves = 0;
    for (int n = 2; n < rows.size(); n++) {
      double[] prev = columns(rows.get(n - 1));
      double[] row = columns(rows.get(n));
      double p = row[6], rt = row[7], pBefore = prev[6];
      // Row n was fetched before the adjustment after D update n: p changed after update n - 1.
      double want =
          (n - 1) % 4 == 0
              ? Math.min(1, Math.max(0, pBefore + Math.signum(rt - target) * step))
              : pBefore;
      assertEquals(want, p, 2e-6, "row " + n + ": " + rows.get(n));
      if (p != pBefore) moves++;
    }
    assertTrue(moves > 0, "p moved: " + rows);
    assertEquals(0.0, columns(rows.get(1))[6], "p starts at 0");
  }

  /** A fixed p stays as given; a run without --augment keeps losses.csv's six columns. */
  @Test
  void fixedPIsLoggedAndNoAugmentationAddsNoColumns(@TempDir Path tmp) throws IOException {
    Path fixed = tmp.resolve("fixed");
    new Trainer(
            TrainerTest.fakeTutorial(fixed)
                .set(TrainOptions.AUGMENT, DiffAugment.parse("translation"))
                .set(TrainOptions.AUGMENT_P, Augmentation.Probability.parse("0.25"))
                .build())
        .train(new TrainingListener() {});
    var rows = TrainerTest.rows(fixed);
    for (var row : rows.subList(1, rows.size())) assertEquals(0.25, columns(row)[6], 1e-6, row);

    Path plain = tmp.resolve("plain");
    new Trainer(TrainerTest.fakeTutorial(plain).build()).train(new TrainingListener() {});
    assertEquals(LossLog.HEADER, TrainerTest.rows(plain).get(0));
    assertNotEquals(
        TrainerTest.rows(plain).get(1), rows.get(1), "augmentation changes what D sees");
  }

  private static double[] columns(String row) {
    var fields = row.split(",");
    var out = new double[fields.length];
    for (int i = 0; i < fields.length; i++) out[i] = Double.parseDouble(fields[i]);
    return out;
  }
}
