package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestTensors;
import dev.dcgan.train.loss.LossType;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.util.SessionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** The linear learning-rate decay: its factor, its effect on Adam's step, and the run folder. */
class LearningRateDecayTest {
  @Test
  void theFactorIsOneThenFallsLinearlyToZeroThenStays() {
    var decay = new LearningRateDecay(2, 4);
    assertEquals(1f, decay.factor(0, 0, 10));
    assertEquals(1f, decay.factor(2, 0, 10), "exactly at FROM: not yet");
    assertEquals(0.95f, decay.factor(2, 1, 10), 1e-6f);
    assertEquals(0.5f, decay.factor(3, 0, 10), 1e-6f);
    assertEquals(0.05f, decay.factor(3, 9, 10), 1e-6f, "the last update of epoch TO");
    assertEquals(0f, decay.factor(4, 0, 10));
    assertEquals(0f, decay.factor(9, 5, 10));
  }

  @Test
  void parsesFromColonTo() {
    assertEquals(new LearningRateDecay(25, 40), LearningRateDecay.parse("25:40"));
    assertEquals("25:40", LearningRateDecay.parse(" 25 : 40 ").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"25", "40:25", "5:5", "-1:3", "a:b", "1:2:3", ""})
  void rejectsWhatIsNotAnIncreasingPairOfEpochs(String text) {
    var e = assertThrows(IllegalArgumentException.class, () -> LearningRateDecay.parse(text));
    assertTrue(e.getMessage().contains("FROM"), e.getMessage());
  }

  @Test
  void withoutADecayTheFactorIsOne() {
    assertEquals(1f, OptimisationConfig.DEFAULTS.learningRateFactor(1000, 3, 10));
    assertNull(OptimisationConfig.DEFAULTS.lrDecay());
  }

  /**
   * One step at factor f moves every weight exactly as one step of Adam with f times the learning
   * rate; factor 0 moves none. (Adam's first step is lr * sign-like, so the rate shows directly.)
   */
  @Test
  void theFactorScalesAdamsStep() {
    var spec = StabilisedGraphTest.TINY;
    float[][] start = weightsAfterOneStep(spec, 0.01f, 0f);
    float[][] half = weightsAfterOneStep(spec, 0.01f, 0.5f);
    float[][] halfRate = weightsAfterOneStep(spec, 0.005f, 1f);
    float[][] full = weightsAfterOneStep(spec, 0.01f, 1f);
    assertEquals(0.0, StabilisedGraphTest.maxAbsDiff(half, halfRate), 1e-7);
    assertTrue(StabilisedGraphTest.maxAbsDiff(full, half) > 1e-3, "the factor matters");
    float[][] untouched = initialWeights(spec);
    assertEquals(0.0, StabilisedGraphTest.maxAbsDiff(start, untouched), 0.0, "factor 0");
  }

  private static float[][] weightsAfterOneStep(ModelSpec spec, float lr, float factor) {
    var adam = AdamConfig.DCGAN.withLearningRate(lr);
    try (var graph = TrainingGraph.builder(spec, 7).adam(adam, adam).build();
        Session session = SessionOptions.DEFAULT.newSession(graph.graph());
        TUint8 batch = StabilisedGraphTest.randomBatch(spec, 4, 1)) {
      var step = new TrainStep(graph, session);
      step.scaleLearningRates(factor);
      step.dThenG(batch, 1);
      return TestTensors.fetch(session.runner(), trainable(graph));
    }
  }

  private static float[][] initialWeights(ModelSpec spec) {
    var adam = AdamConfig.DCGAN;
    try (var graph = TrainingGraph.builder(spec, 7).adam(adam, adam).build();
        Session session = SessionOptions.DEFAULT.newSession(graph.graph())) {
      return TestTensors.fetch(session.runner(), trainable(graph));
    }
  }

  private static List<Operand<TFloat32>> trainable(TrainingGraph graph) {
    var all = new ArrayList<Operand<TFloat32>>(graph.generator().variables().trainable());
    all.addAll(graph.discriminator().variables().trainable());
    return all;
  }

  /**
   * A run with a decay records it, and stopped and resumed mid-decay it repeats the uninterrupted
   * run's losses; a config.json written before the decay existed reads as constant rates.
   */
  @Test
  void aDecayingRunResumesExactlyAndOldConfigsReadAsConstant(@TempDir Path tmp) throws Exception {
    Path straight = tmp.resolve("straight");
    new Trainer(fake(straight).build()).train(new TrainingListener() {});
    Path interrupted = tmp.resolve("interrupted");
    var first = TrainerTest.stopAfter(new Trainer(fake(interrupted).build()), 5);
    assertTrue(first.stopped());
    Trainer.resume(interrupted, 0).train(new TrainingListener() {});
    TrainerTest.assertSameRows(straight, interrupted);
    assertEquals(
        new LearningRateDecay(1, 2),
        RunFolder.existing(interrupted).readConfig().optimisation().lrDecay());

    Path config = straight.resolve(RunFolder.CONFIG);
    String json = Files.readString(config);
    String old = json.replaceFirst(",\\s*\"lr-decay\": \"1:2\"", "");
    assertNotEquals(json, old, json);
    Files.writeString(config, old);
    assertNull(RunFolder.existing(straight).readConfig().optimisation().lrDecay());
  }

  /** Fake 16x16 images, 4 batches an epoch, 2 epochs: constant, then decaying to 0. */
  private static TrainConfig.Builder fake(Path run) {
    return TrainerTest.fakeTutorial(run)
        .batchSize(8)
        .epochs(2)
        .loss(LossType.NON_SATURATING)
        .lrDecay(new LearningRateDecay(1, 2));
  }
}
