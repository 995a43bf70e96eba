package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.inference.LatentNoise;
import dev.dcgan.train.TestTensors;
import dev.dcgan.train.loss.LossType;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.Generator;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.model.PixelRange;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.SeedStream;
import dev.dcgan.train.util.SessionOptions;
import dev.dcgan.train.util.Tensors;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/** Spectral norm in D and the EMA generator, in a training graph of tiny 16x16 networks. */
class StabilisedGraphTest {
  /** The smallest dcgan pair with a hidden block (conv1 + bn1 in D). */
  static final ModelSpec TINY = new ModelSpec(Architecture.DCGAN, 8, 16, 16, 1, 4, 4);

  TrainingGraph graph;
  Session session;
  EmaGenerator ema; // null without an EMA

  void build(ModelSpec spec, boolean spectralNorm, float decay) {
    build(spec, LossType.NON_SATURATING, spectralNorm, decay);
  }

  void build(ModelSpec spec, LossType loss, boolean spectralNorm, float decay) {
    // A large learning rate, so that three steps move G well away from its average.
    var adam = AdamConfig.DCGAN.withLearningRate(0.01f);
    ema = decay > 0 ? new EmaGenerator(spec, 7, decay) : null;
    graph =
        TrainingGraph.builder(spec, 7)
            .loss(loss.loss())
            .critic(loss.loss().criticOptions().withSpectralNorm(spectralNorm))
            .adam(adam, adam)
            .afterGenerator(ema == null ? List.of() : List.of(ema))
            .build();
    session = SessionOptions.DEFAULT.newSession(graph.graph());
  }

  @AfterEach
  void close() {
    session.close();
    graph.close();
  }

  static TUint8 randomBatch(ModelSpec spec, int n, long seed) {
    var bytes = new byte[n * spec.height() * spec.width() * spec.channels()];
    new Random(seed).nextBytes(bytes);
    return TUint8.tensorOf(
        Shape.of(n, spec.height(), spec.width(), spec.channels()), DataBuffers.of(bytes));
  }

  float[][] values(List<? extends Operand<TFloat32>> xs) {
    return TestTensors.fetch(session.runner(), xs);
  }

  static double maxAbsDiff(float[][] a, float[][] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++)
      for (int j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
    return m;
  }

  List<Variable<TFloat32>> snVectors() {
    return graph.discriminator().variables().all().stream()
        .filter(v -> v.op().name().endsWith(".sn_u"))
        .toList();
  }

  List<String> dNames() {
    return graph.discriminator().variables().all().stream().map(v -> v.op().name()).toList();
  }

  /** The ops that assign {@code u} other than its initialiser: one power iteration each. */
  long powerIterationsOf(Variable<TFloat32> u) {
    return ((GraphOperation) u.op())
        .consumers().stream()
            .filter(op -> op.type().equals("Assign") && !graph.graph().isInitializer(op))
            .count();
  }

  @Test
  void dcganDiscriminatorWithSpectralNormTradesBatchNormForBiases() {
    build(TINY, true, 0f);
    var names = dNames();
    for (String layer : List.of("conv0", "conv1", "logit"))
      assertTrue(names.contains("discriminator." + layer + ".sn_u"), names.toString());
    assertTrue(names.contains("discriminator.conv1.bias"), names.toString());
    assertTrue(names.stream().noneMatch(n -> n.contains("bn")), names.toString());
    assertFalse(
        graph.discriminator().variables().trainable().stream()
            .anyMatch(v -> v.op().name().endsWith("sn_u")),
        "u is state, not trained");
  }

  @Test
  void tutorialDiscriminatorNormalisesItsThreeKernels() {
    build(ModelSpec.mnist(8), true, 0f);
    assertEquals(
        List.of("discriminator.conv1.sn_u", "discriminator.conv2.sn_u", "discriminator.logit.sn_u"),
        snVectors().stream().map(v -> v.op().name()).toList());
  }

  @Test
  void everyDUpdateMovesEachUAndAnInferencePassNone() {
    build(TINY, true, 0f);
    var step = new TrainStep(graph, session);
    var u0 = values(snVectors());
    Ops tf = Ops.create(graph.graph());
    try (var batch = randomBatch(TINY, 4, 1)) {
      var images = tf.placeholder(TFloat32.class);
      var inference =
          graph
              .discriminator()
              .forward(tf, images, Mode.INFER, new SeedStream(graph.inputs().stepKey()));
      try (var x = TFloat32.tensorOf(Shape.of(4, 16, 16, 1));
          var r = session.runner().feed(images, x).fetch(inference.output()).run()) {
        assertEquals(4, r.get(0).shape().size());
      }
      assertEquals(0.0, maxAbsDiff(u0, values(snVectors())), "inference moved u");

      step.dOnly(batch, 1);
      var u1 = values(snVectors());
      step.dThenG(batch, 2);
      var u2 = values(snVectors());
      for (int i = 0; i < u0.length; i++) {
        assertFalse(Arrays.equals(u0[i], u1[i]), "a D update left u " + i);
        // A one-long u (the logit's) is ±1 once normalised: nothing left to move.
        if (u1[i].length > 1)
          assertFalse(Arrays.equals(u1[i], u2[i]), "a D-then-G step left u " + i);
      }
    }
  }

  @Test
  void wassersteinGpWithSpectralNormTrainsAndItsPenaltyPassSharesThePowerIteration() {
    build(TINY, LossType.WASSERSTEIN_GP, true, 0f);
    var us = snVectors();
    assertEquals(3, us.size());
    // D runs on the reals, the fakes, the interpolates (the penalty) and the fakes again (G's
    // loss): one power iteration serves them all.
    for (var u : us) assertEquals(1, powerIterationsOf(u), u.op().name());

    var u0 = values(us);
    try (var batch = randomBatch(TINY, 4, 2)) {
      // The penalty's second-order gradient through W / σ builds and runs.
      StepMetrics m = new TrainStep(graph, session).dThenG(batch, 1);
      assertTrue(m.finite(), m.toString());
    }
    var u1 = values(us);
    for (int i = 0; i < u0.length; i++)
      if (u0[i].length > 1) assertFalse(Arrays.equals(u0[i], u1[i]), "the step left u " + i);
  }

  @Test
  void withoutTheFlagsTheGraphHasNeither() {
    build(TINY, false, 0f);
    assertTrue(snVectors().isEmpty());
    assertTrue(dNames().contains("discriminator.bn1.gamma"), dNames().toString());
    assertNull(graph.graph().operation(Generator.EMA_NETWORK + ".num_updates"), "an EMA");
  }

  @Test
  void theShadowStartsAtGFollowsOnlyGUpdatesAndDrawsTheSampleHead() {
    build(TINY, false, 0.9f);
    var raw = graph.generator().variables().all();
    var shadow = ema.generator().variables().all();
    assertEquals(raw.size(), shadow.size());
    assertEquals("generator_ema.project.kernel", shadow.get(0).op().name());
    assertTrue(
        shadow.stream().anyMatch(v -> v.op().name().equals("generator_ema.bn0.moving_mean")),
        "batch-norm statistics are averaged too");
    for (var v : shadow)
      assertEquals(
          0, ((GraphOperation) v.op()).numControlInputs(), v.op().name() + " waits for G's update");
    assertEquals(0.0, maxAbsDiff(values(raw), values(shadow)), "the shadow starts at G");

    var step = new TrainStep(graph, session);
    try (var batch = randomBatch(TINY, 4, 3)) {
      step.dOnly(batch, 1);
      assertEquals(0.0, maxAbsDiff(values(raw), values(shadow)), "a D update moved the shadow");
      for (int k = 2; k < 5; k++) step.dThenG(batch, k);
    }
    try (Result r = session.runner().fetch(ema.average().updates()).run()) {
      assertEquals(3, ((TInt64) r.get(0)).getLong(), "t counts G updates");
    }
    assertTrue(maxAbsDiff(values(raw), values(shadow)) > 1e-6, "the shadow is G again");

    // The sample head (grids and evaluation) is the shadow's inference pass, not G's.
    Ops tf = Ops.create(graph.graph());
    var head = graph.sampleHead();
    var rawSamples =
        PixelRange.toImageRange(tf, graph.generator().forward(tf, head.z(), Mode.INFER).output());
    var shadowSamples =
        PixelRange.toImageRange(tf, ema.generator().forward(tf, head.z(), Mode.INFER).output());
    try (var z = Tensors.matrix(LatentNoise.gaussian(4, 8, 5))) {
      var drawn =
          TestTensors.fetch(
              session.runner().feed(head.z(), z),
              List.of(head.samples(), shadowSamples, rawSamples));
      assertArrayEquals(drawn[1], drawn[0], 1e-6f);
      double apart = maxAbsDiff(new float[][] {drawn[2]}, new float[][] {drawn[0]});
      assertTrue(apart > 1e-4, "the sample head draws G's own images: " + apart);
    }
  }
}
