package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.loss.LossType;
import dev.dcgan.train.model.Architecture;
import java.io.IOException;
import java.nio.file.Path;
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
   * Each loss besides the default on the tutorial networks: stopped after an epoch and resumed, it
   * repeats the uninterrupted run. Hinge and wasserstein-gp did not even repeat without a resume
   * until Adam's β-power updates were ordered (see docs/how-training-works.md).
   */
  @ParameterizedTest
  @EnumSource(
      value = LossType.class,
      names = {"LEAST_SQUARES", "HINGE", "WASSERSTEIN_GP"})
  void runResumesExactly(LossType loss, @TempDir Path tmp) throws IOException {
    Path straight = tmp.resolve("straight");
    new Trainer(small(straight, loss).epochs(2).build()).train(new TrainingListener() {});

    Path resumed = tmp.resolve("resumed");
    new Trainer(small(resumed, loss).epochs(1).build()).train(new TrainingListener() {});
    var second = Trainer.resume(resumed, 2).train(new TrainingListener() {});
    assertEquals(8, second.steps(), "2 epochs of 4 batches");
    TrainerTest.assertSameRows(straight, resumed);
  }

  private static TrainConfig.Builder small(Path run, LossType loss) {
    return TrainerTest.small(run).limit(128).batchSize(32).loss(loss);
  }
}
