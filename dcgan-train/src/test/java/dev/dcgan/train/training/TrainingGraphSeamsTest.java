package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestTensors;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.DiscriminatorInput;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.util.Optimizers.GradientTransform;
import dev.dcgan.train.util.SessionOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** The two seams of the training graph: what D sees, and the gradients before they are applied. */
class TrainingGraphSeamsTest {
  static final ModelSpec SPEC = new ModelSpec(Architecture.TUTORIAL, 4, 8, 8, 1, 4, 4);

  static TUint8 randomBatch(long seed) {
    var bytes = new byte[8 * 8 * 8];
    new Random(seed).nextBytes(bytes);
    return TUint8.tensorOf(Shape.of(8, 8, 8, 1), DataBuffers.of(bytes));
  }

  /** One step's metrics, and whether each network's trainable variables moved in it. */
  record Step(StepMetrics metrics, boolean dMoved, boolean gMoved) {}

  static Step step(TrainingGraph graph) {
    try (Session session = SessionOptions.DEFAULT.newSession(graph.graph());
        var batch = randomBatch(3)) {
      var d = graph.discriminator().variables().trainable();
      var g = graph.generator().variables().trainable();
      float[][] dBefore = TestTensors.fetch(session.runner(), d);
      float[][] gBefore = TestTensors.fetch(session.runner(), g);
      var m = new TrainStep(graph, session).dThenG(batch, 1);
      return new Step(
          m,
          !Arrays.deepEquals(dBefore, TestTensors.fetch(session.runner(), d)),
          !Arrays.deepEquals(gBefore, TestTensors.fetch(session.runner(), g)));
    }
  }

  /**
   * A transform of what D sees reaches every batch D scores: with every image blanked, D scores the
   * real batch and the fakes alike, and G, seen only through the blank, gets no gradient.
   */
  @Test
  void whatDSeesIsEveryBatchItScoresInBothUpdates() {
    DiscriminatorInput blank = (tf, images, seeds) -> tf.math.mul(images, tf.constant(0f));
    try (var plain = TrainingGraph.builder(SPEC, 5).build();
        var blanked = TrainingGraph.builder(SPEC, 5).discriminatorInput(blank).build()) {
      var seen = step(plain);
      assertNotEquals(seen.metrics().dReal(), seen.metrics().dFake(), "D tells them apart");
      assertTrue(seen.gMoved());
      var blind = step(blanked);
      assertEquals(blind.metrics().dReal(), blind.metrics().dFake(), "D sees the same blank");
      assertTrue(blind.dMoved(), "D still learns its biases");
      assertFalse(blind.gMoved(), "G's fakes reach D only through the blank");
    }
  }

  /**
   * The gradient transform gets every trainable variable's gradient of each update, and what it
   * returns is what is applied: all zero, nothing moves.
   */
  @Test
  void gradientTransformSitsBetweenTheGradientsAndTheirApplication() {
    var counts = new ArrayList<Integer>();
    GradientTransform zero =
        (tf, gradients, vars) -> {
          counts.add(gradients.size());
          return gradients.stream().map(g -> (Operand<TFloat32>) tf.zerosLike(g)).toList();
        };
    try (var graph = TrainingGraph.builder(SPEC, 5).gradients(zero).build()) {
      assertEquals(
          List.of(
              graph.discriminator().variables().trainable().size(),
              graph.generator().variables().trainable().size()),
          counts,
          "D's update, then G's");
      var s = step(graph);
      assertTrue(Float.isFinite(s.metrics().dLoss()));
      assertFalse(s.dMoved());
      assertFalse(s.gMoved());
    }
  }
}
