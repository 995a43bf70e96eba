package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestData;
import dev.dcgan.train.loss.LossType;
import dev.dcgan.train.util.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/** Unconditional training with InfoGAN's latent code: every loss, Q's training, exact resume. */
class LatentCodeTrainingTest {
  private static TrainConfig.Builder fake(Path run) {
    return TrainerTest.fakeTutorial(run).latentSize(16).latentCode(10);
  }

  /** Each loss, with spectral norm and EMA, trains with a code; the run folder records it. */
  @ParameterizedTest
  @EnumSource(LossType.class)
  void everyLossTrainsWithACode(LossType loss, @TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    var result =
        new Trainer(fake(run).loss(loss).spectralNorm(true).ema(0.9f).build())
            .train(new TrainingListener() {});
    assertEquals(2, result.steps());
    assertEquals(3, TrainerTest.rows(run).size(), "a header and 2 finite rows");
    assertEquals(10, result.spec().latentCode());
    assertFalse(result.spec().conditional(), "G takes no labels: no class rows in the grid");
    assertEquals(10, RunFolder.existing(run).readModelInfo().spec().latentCode());
    assertEquals(10, RunFolder.existing(run).readConfig().network().latentCode());
  }

  /**
   * The information term is in D's loss: Q's kernel, which nothing else reaches, moves in D's
   * update; with --latent-code it is in the checkpoint beside D's other layers.
   */
  @Test
  void qHeadTrainsWithD(@TempDir Path tmp) throws IOException {
    var config = fake(tmp.resolve("unused")).build();
    var spec = config.modelSpec(16, 16, 1);
    try (var training =
            TrainingGraph.builder(spec, config.optimisation().seed())
                .adam(config.optimisation().dAdam(), config.optimisation().gAdam())
                .build();
        var session = new Session(training.graph())) {
      var kernel =
          training.discriminator().variables().trainable().stream()
              .filter(v -> v.op().name().equals("discriminator.code.kernel"))
              .findFirst()
              .orElseThrow();
      float[] before = read(session, kernel);
      try (var images =
              org.tensorflow.types.TUint8.tensorOf(org.tensorflow.ndarray.Shape.of(16, 16, 16, 1));
          var key = org.tensorflow.types.TInt64.scalarOf(3)) {
        session
            .runner()
            .feed(training.inputs().realImages(), images)
            .feed(training.inputs().stepKey(), key)
            .addTarget(training.trainOps().dOnly())
            .run();
      }
      float[] after = read(session, kernel);
      assertEquals(before.length, after.length);
      assertFalse(java.util.Arrays.equals(before, after), "Q's kernel moved with D's update");
    }
  }

  private static float[] read(Session session, org.tensorflow.Operand<TFloat32> v) {
    try (Result r = session.runner().fetch(v).run()) {
      return Tensors.toArray((TFloat32) r.get(0));
    }
  }

  /** A config.json written before --latent-code existed resumes without a code. */
  @Test
  void configWithoutTheFlagResumesWithoutACode(@TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    new Trainer(fake(run).latentCode(0).build()).train(new TrainingListener() {});
    for (var key : java.util.List.of(RunFolder.CONFIG + ":latent-code", "model.json:latentCode")) {
      Path file = run.resolve(key.split(":")[0]);
      String name = key.split(":")[1];
      String json = Files.readString(file);
      assertTrue(json.contains("\"" + name + "\": 0"), json);
      Files.writeString(file, json.replaceFirst(",\\s*\"" + name + "\": 0", ""));
      assertFalse(Files.readString(file).contains(name), file.toString());
    }
    var resumed = Trainer.resume(run, 2).train(new TrainingListener() {});
    assertEquals(4, resumed.steps());
    assertEquals(0, resumed.spec().latentCode());
  }

  /** Stopped mid-epoch and resumed, a coded MNIST run with EMA repeats the uninterrupted one. */
  @Test
  void codedRunResumesExactly(@TempDir Path tmp) throws IOException {
    var second = TrainerTest.assertResumesExactly(LatentCodeTrainingTest::mnist, tmp, 3);
    assertEquals(8, second.steps());
    assertEquals(10, second.spec().latentCode());
  }

  private static TrainConfig.Builder mnist(Path run) {
    return TrainConfig.builder()
        .data(TestData.mnist().toString())
        .latentSize(16)
        .latentCode(10)
        .ema(0.99f)
        .limit(64)
        .batchSize(16)
        .epochs(2)
        .seed(5)
        .runDir(run.toString());
  }

  /**
   * The code is the default for unconditional GANs; a conditional GAN has none (its classes take
   * the code's place); a code wider than z is refused with the fix.
   */
  @Test
  void defaultsAndCodesItCannotDraw(@TempDir Path tmp) {
    assertEquals(10, NetworkConfig.DEFAULTS.latentCode());
    var plain = TrainConfig.builder().data("fake").runDir(tmp.toString()).build();
    assertEquals(10, plain.network().latentCode());
    assertEquals(0, fake(tmp).conditional(true).build().network().latentCode());
    var wide = assertThrows(IllegalArgumentException.class, () -> fake(tmp).latentSize(8).build());
    assertTrue(wide.getMessage().contains("z has 8"), wide.getMessage());
    assertTrue(wide.getMessage().contains("--latent-code 0"), wide.getMessage());
  }
}
