package dev.dcgan.train.nn;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestTensors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Conditional batch norm against the formula computed here: the batch's statistics are shared, the
 * scale and shift are each example's class rows.
 */
class ConditionalBatchNormTest {
  static final int CLASSES = 3;
  static final int C = 2;
  // Four examples of two channels; labels 0, 2, 0, 2 (class 1 absent).
  static final float[][] X = {{1f, -2f}, {3f, 0f}, {-1f, 4f}, {5f, 2f}};
  static final long[] LABELS = {0, 2, 0, 2};
  static final float[][] GAMMA = {{1.5f, 0.5f}, {9f, 9f}, {-2f, 3f}};
  static final float[][] BETA = {{0.1f, -0.2f}, {9f, 9f}, {1f, 2f}};

  Graph graph;
  Ops tf;
  Session session;
  Variables vars;
  BatchNorm bn;

  @BeforeEach
  void build() {
    graph = new Graph();
    tf = Ops.create(graph);
    vars = Variables.initialised(tf, "generator", 1);
    bn = new BatchNorm(vars, "bn", C, CLASSES);
    session = new Session(graph);
  }

  @AfterEach
  void close() {
    session.close();
    graph.close();
  }

  float[] run(Operand<TFloat32> x) {
    return TestTensors.fetch(session, x);
  }

  /** Sets gamma and beta to the tables above. */
  void setAffine() {
    var gamma = vars.trainable().get(0);
    var beta = vars.trainable().get(1);
    session.runner().addTarget(tf.assign(gamma, tf.constant(GAMMA))).run();
    session.runner().addTarget(tf.assign(beta, tf.constant(BETA))).run();
  }

  Operand<TFloat32> apply(Mode mode, List<Op> updates) {
    return bn.apply(tf, tf.constant(X), tf.constant(LABELS), mode, updates);
  }

  @Test
  void gammaAndBetaHaveARowPerClassStartingAsThePlainBatchNorm() {
    var gamma = vars.trainable().get(0);
    var beta = vars.trainable().get(1);
    assertEquals(org.tensorflow.ndarray.Shape.of(CLASSES, C), gamma.shape());
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, run(gamma));
    assertArrayEquals(new float[6], run(beta));
  }

  @Test
  void trainingNormalisesByTheBatchThenScalesByTheLabelsRows() {
    setAffine();
    float[] y = run(apply(Mode.TRAIN, new ArrayList<>()));
    for (int c = 0; c < C; c++) {
      double mean = 0, var = 0;
      for (float[] row : X) mean += row[c] / 4.0;
      for (float[] row : X) var += (row[c] - mean) * (row[c] - mean) / 4.0; // biased, as in BN
      for (int i = 0; i < 4; i++) {
        int k = (int) LABELS[i];
        double expected =
            GAMMA[k][c] * (X[i][c] - mean) / Math.sqrt(var + BatchNorm.EPSILON) + BETA[k][c];
        assertEquals(expected, y[i * C + c], 1e-4, "example " + i + ", channel " + c);
      }
    }
  }

  @Test
  void inferenceUsesTheRunningStatisticsAndTheLabelsRows() {
    setAffine();
    float[] y = run(apply(Mode.INFER, null));
    for (int i = 0; i < 4; i++) {
      int k = (int) LABELS[i];
      for (int c = 0; c < C; c++) {
        double expected = GAMMA[k][c] * X[i][c] / Math.sqrt(1 + BatchNorm.EPSILON) + BETA[k][c];
        assertEquals(expected, y[i * C + c], 1e-4, "running mean 0, variance 1 at the start");
      }
    }
  }

  @Test
  void trainingMovesTheSharedRunningStatistics() {
    var updates = new ArrayList<Op>();
    var y = apply(Mode.TRAIN, updates);
    assertEquals(1, updates.size());
    session.runner().fetch(y).addTarget(updates.get(0)).run().close();
    float[] movingMean = run(vars.all().get(2));
    // channel 0: batch mean 2, so 0.99 * 0 + 0.01 * 2
    assertEquals((1 - BatchNorm.MOMENTUM) * 2f, movingMean[0], 1e-6f);
  }

  @Test
  void onlyTheRowsOfClassesInTheBatchGetAGradient() {
    var gamma = vars.trainable().get(0);
    var y = apply(Mode.TRAIN, new ArrayList<>());
    var loss = tf.reduceSum(tf.math.mul(y, y), tf.constant(new int[] {0, 1}));
    var grads = tf.gradients(loss, List.of(gamma));
    float[] g = run(grads.dy(0));
    assertEquals(0f, g[2], 0f, "class 1 is absent");
    assertEquals(0f, g[3], 0f, "class 1 is absent");
    assertNotEquals(0f, g[0]);
    assertNotEquals(0f, g[4]);
  }

  @Test
  void labelsAreRequiredExactlyWhenClassConditional() {
    var x = tf.constant(X);
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> bn.apply(tf, x, Mode.TRAIN, new ArrayList<>()));
    assertTrue(e.getMessage().contains("needs labels"), e.getMessage());
    var plain = new BatchNorm(vars, "plain", C);
    var labels = tf.constant(LABELS);
    assertThrows(
        IllegalArgumentException.class,
        () -> plain.apply(tf, x, labels, Mode.TRAIN, new ArrayList<>()));
  }

  @Test
  void aLabelOutOfRangeFailsInTheGraph() {
    var y = bn.apply(tf, tf.constant(X), tf.constant(new long[] {0, 1, 2, 3}), Mode.INFER, null);
    assertThrows(RuntimeException.class, () -> run(y));
  }
}
