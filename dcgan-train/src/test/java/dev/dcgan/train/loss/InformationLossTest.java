package dev.dcgan.train.loss;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestTensors;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/** InfoGAN's information term against hand computation, and its gradient. */
class InformationLossTest {
  static final float[][] LOGITS = {{2f, 0f, -1f}, {0.5f, 0.5f, 3f}, {1000f, 0f, -1000f}};
  static final long[] CODES = {0, 2, 1};

  /** -log softmax(l)[c] by hand, in double, shifted by the row's max. */
  static double crossEntropy(float[] l, long c) {
    double max = Math.max(l[0], Math.max(l[1], l[2]));
    double sum = 0;
    for (float v : l) sum += Math.exp(v - max);
    return Math.log(sum) + max - l[(int) c];
  }

  /** The mean of -log Q(c | x) over the batch, times lambda = 1; finite for logits of 1000. */
  @Test
  void meanCrossEntropyAgainstTheCodes() {
    try (var graph = new Graph()) {
      var tf = Ops.create(graph);
      float loss =
          TestTensors.evaluate(InformationLoss.of(tf, tf.constant(LOGITS), tf.constant(CODES)))[0];
      double expected = 0;
      for (int i = 0; i < CODES.length; i++) expected += crossEntropy(LOGITS[i], CODES[i]);
      expected /= CODES.length;
      assertEquals(1000.0 / 3, expected, 1, "the third row's code is 1000 below its max");
      assertEquals(expected, loss, 1e-3 * expected);
      assertEquals(1f, InformationLoss.WEIGHT);
    }
  }

  /**
   * d loss / d logits = (softmax(l) - onehot(c)) / N: the gradient G and Q train on (TensorFlow's
   * C++ gradients have none for the fused sparse op, so the term is spelled out).
   */
  @Test
  void gradientIsSoftmaxMinusOneHot() {
    try (var graph = new Graph();
        var session = new Session(graph)) {
      var tf = Ops.create(graph);
      var logits = tf.constant(LOGITS);
      var loss = InformationLoss.of(tf, logits, tf.constant(CODES));
      org.tensorflow.Operand<org.tensorflow.types.TFloat32> grad =
          tf.gradients(List.of(loss), List.of(logits)).<org.tensorflow.types.TFloat32>dy(0);
      var g = TestTensors.fetch(session, grad);
      int n = CODES.length;
      for (int i = 0; i < n; i++) {
        double max = Math.max(LOGITS[i][0], Math.max(LOGITS[i][1], LOGITS[i][2]));
        double sum = 0;
        for (float v : LOGITS[i]) sum += Math.exp(v - max);
        for (int j = 0; j < 3; j++) {
          double softmax = Math.exp(LOGITS[i][j] - max) / sum;
          double expected = (softmax - (j == CODES[i] ? 1 : 0)) / n;
          assertEquals(expected, g[i * 3 + j], 1e-6, "row " + i + ", logit " + j);
        }
      }
    }
  }
}
