package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.loss.LossType;
import dev.dcgan.train.model.Architecture;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every loss trains (a few steps stay finite), and a run with a non-default loss resumes exactly.
 */
class LossesTrainTest {
  @ParameterizedTest
  @EnumSource(LossType.class)
  void fewStepsOfTheDcganNetworksStayFinite(LossType loss, @TempDir Path tmp) throws IOException {
    var config =
        TrainConfig.builder()
            .data("fake")
            .imageSize(16)
            .architecture(Architecture.DCGAN)
            .ngf(8)
            .ndf(8)
            .limit(64)
            .batchSize(16)
            .epochs(1)
            .loss(loss)
            .runDir(tmp.resolve("run").toString())
            .build();
    var result = new Trainer(config).train(new TrainingListener() {});
    assertEquals(4, result.steps());
    var rows = TrainerTest.rows(tmp.resolve("run"));
    assertEquals(5, rows.size(), "a header and 4 finite rows (a NaN would have stopped the run)");
    assertEquals(loss, RunFolder.existing(tmp.resolve("run")).readConfig().optimisation().loss());
  }

  /**
   * Least squares on the tutorial networks: stopped after an epoch and resumed, it repeats the
   * uninterrupted run. (Hinge and wasserstein-gp runs are not bit-reproducible even without a
   * resume; see the README.)
   */
  @Test
  void leastSquaresRunResumesExactly(@TempDir Path tmp) throws IOException {
    Path straight = tmp.resolve("straight");
    new Trainer(leastSquares(straight).epochs(2).build()).train(new TrainingListener() {});

    Path resumed = tmp.resolve("resumed");
    new Trainer(leastSquares(resumed).epochs(1).build()).train(new TrainingListener() {});
    var second = Trainer.resume(resumed, 2).train(new TrainingListener() {});
    assertEquals(8, second.steps(), "2 epochs of 4 batches");
    TrainerTest.assertSameRows(straight, resumed);
  }

  private static TrainConfig.Builder leastSquares(Path run) {
    return TrainerTest.small(run).limit(128).batchSize(32).loss(LossType.LEAST_SQUARES);
  }
}
