package dev.dcgan.train.loss;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestTensors;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Every loss against its textbook formula, computed here in double on fixed logits. */
class LossesTest {
  static final double[] REAL = {-2.0, -0.5, 0.3, 1.7};
  static final double[] FAKE = {-1.2, 0.4, 0.9, -3.0};

  /** D's loss, G's loss, mean score of the real and of the fake logits. */
  record Expected(double dLoss, double gLoss, double realScore, double fakeScore) {}

  static double sigmoid(double l) {
    return 1 / (1 + Math.exp(-l));
  }

  static double mean(double[] x, java.util.function.DoubleUnaryOperator f) {
    return Arrays.stream(x).map(f).average().orElseThrow();
  }

  static Expected byHand(LossType type) {
    double meanProbabilityReal = mean(REAL, LossesTest::sigmoid);
    double meanProbabilityFake = mean(FAKE, LossesTest::sigmoid);
    double meanReal = mean(REAL, x -> x);
    double meanFake = mean(FAKE, x -> x);
    double bce = // -mean log D(x) - mean log(1 - D(G(z)))
        -mean(REAL, l -> Math.log(sigmoid(l))) - mean(FAKE, l -> Math.log(1 - sigmoid(l)));
    return switch (type) {
      case NON_SATURATING ->
          new Expected(
              bce,
              -mean(FAKE, l -> Math.log(sigmoid(l))),
              meanProbabilityReal,
              meanProbabilityFake);
      case MINIMAX ->
          new Expected(
              bce,
              mean(FAKE, l -> Math.log(1 - sigmoid(l))),
              meanProbabilityReal,
              meanProbabilityFake);
      case LEAST_SQUARES ->
          new Expected(
              0.5 * mean(REAL, s -> (s - 1) * (s - 1)) + 0.5 * mean(FAKE, s -> s * s),
              0.5 * mean(FAKE, s -> (s - 1) * (s - 1)),
              meanReal,
              meanFake);
      case HINGE ->
          new Expected(
              mean(REAL, s -> Math.max(0, 1 - s)) + mean(FAKE, s -> Math.max(0, 1 + s)),
              -meanFake,
              meanReal,
              meanFake);
      case WASSERSTEIN_GP -> new Expected(meanFake - meanReal, -meanFake, meanReal, meanFake);
    };
  }

  static Operand<TFloat32> column(Ops tf, double[] values) {
    var f = new float[values.length];
    for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
    return tf.reshape(tf.constant(f), tf.constant(new long[] {-1, 1}));
  }

  @ParameterizedTest
  @EnumSource(LossType.class)
  void matchesItsFormula(LossType type) {
    var expected = byHand(type);
    var loss = type.loss();
    try (var g = new Graph()) {
      Ops tf = Ops.create(g);
      var real = column(tf, REAL);
      var fake = column(tf, FAKE);
      assertEquals(
          expected.dLoss(), TestTensors.evaluate(loss.discriminator(tf, real, fake))[0], 1e-5, "D");
      assertEquals(expected.gLoss(), TestTensors.evaluate(loss.generator(tf, fake))[0], 1e-5, "G");
      assertEquals(
          expected.realScore(), TestTensors.evaluate(loss.meanScore(tf, real))[0], 1e-6, "D(x)");
      assertEquals(
          expected.fakeScore(), TestTensors.evaluate(loss.meanScore(tf, fake))[0], 1e-6, "D(G(z))");
    }
  }

  @Test
  void everyLossHasItsOwnNameOnTheCommandLine() {
    for (var type : LossType.values()) assertSame(type, LossType.parse(type.id()));
    assertEquals("wasserstein-gp", LossType.WASSERSTEIN_GP.id());
    var e = assertThrows(IllegalArgumentException.class, () -> LossType.parse("wgan"));
    assertTrue(e.getMessage().contains(LossType.ids()), e.getMessage());
  }

  @Test
  void onlyTheGradientPenaltyNeedsACriticWithoutBatchNorm() {
    for (var type : LossType.values()) {
      assertEquals(
          type != LossType.WASSERSTEIN_GP, type.loss().criticOptions().batchNorm(), type.id());
    }
  }

  private static float crossEntropy(float[] logits, float label) {
    try (var g = new Graph()) {
      Ops tf = Ops.create(g);
      var x = tf.reshape(tf.constant(logits), tf.constant(new long[] {-1, 1}));
      return TestTensors.evaluate(Reductions.sigmoidCrossEntropy(tf, x, label))[0];
    }
  }

  @Test
  void crossEntropyStaysFiniteWhereTheNaiveFormulaOverflows() {
    // log(sigmoid(-200)) underflows to log(0) = -inf in float; the stable form gives 200.
    assertEquals(200f, crossEntropy(new float[] {-200f}, 1f), 1e-3);
    assertEquals(200f, crossEntropy(new float[] {200f}, 0f), 1e-3);
    assertEquals(0f, crossEntropy(new float[] {200f}, 1f), 1e-6);
    assertEquals(Math.log(2), crossEntropy(new float[] {0f}, 1f), 1e-6);
  }
}
