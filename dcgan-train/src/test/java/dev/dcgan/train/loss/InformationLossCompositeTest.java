package dev.dcgan.train.loss;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestTensors;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.LatentCode;
import dev.dcgan.train.model.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/** The information term as a composite loss: the game's loss, plus the term for a coded GAN. */
class InformationLossCompositeTest {
  static final ModelSpec PLAIN = new ModelSpec(Architecture.TUTORIAL, 8, 28, 28, 1);

  @Test
  void onlyACodedGanGetsTheTerm() {
    var game = LossType.HINGE.loss();
    assertSame(game, InformationLoss.forSpec(game, PLAIN));
    assertInstanceOf(InformationLoss.class, InformationLoss.forSpec(game, PLAIN.withLatentCode(4)));
  }

  /** On logits alone, and in how D is built and how the logs score, it is the game it decorates. */
  @ParameterizedTest
  @EnumSource(LossType.class)
  void theGameIsUnchangedOnLogits(LossType type) {
    var game = type.loss();
    var composite = new InformationLoss(game, new LatentCode(4));
    assertEquals(game.criticOptions(), composite.criticOptions());
    float[][] real = {{0.3f}, {-1.2f}};
    float[][] fake = {{2f}, {0.1f}};
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var r = tf.constant(real);
      var f = tf.constant(fake);
      assertArrayEquals(
          TestTensors.evaluate(game.discriminator(tf, r, f)),
          TestTensors.evaluate(composite.discriminator(tf, r, f)));
      assertArrayEquals(
          TestTensors.evaluate(game.generator(tf, f)),
          TestTensors.evaluate(composite.generator(tf, f)));
      assertArrayEquals(
          TestTensors.evaluate(game.meanScore(tf, r)),
          TestTensors.evaluate(composite.meanScore(tf, r)));
    }
  }
}
