package dev.dcgan.train.loss;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class GanLossTest {
  private static float eval(float[] logits, float label) {
    try (var g = new Graph()) {
      Ops tf = Ops.create(g);
      var x = tf.reshape(tf.constant(logits), tf.constant(new long[] {-1, 1}));
      var loss = Reductions.sigmoidCrossEntropy(tf, x, label);
      try (var s = new Session(g);
          Result r = s.runner().fetch(loss).run()) {
        return ((TFloat32) r.get(0)).getFloat();
      }
    }
  }

  private static double reference(float[] logits, float label) {
    double sum = 0;
    for (float l : logits) {
      double p = 1 / (1 + Math.exp(-l));
      sum += -(label * Math.log(p) + (1 - label) * Math.log(1 - p));
    }
    return sum / logits.length;
  }

  @Test
  void matchesTheTextbookFormulaWhereThatIsFinite() {
    float[] logits = {-3f, -0.5f, 0f, 0.25f, 4f};
    assertEquals(reference(logits, 1f), eval(logits, 1f), 1e-5);
    assertEquals(reference(logits, 0f), eval(logits, 0f), 1e-5);
    assertEquals(Math.log(2), eval(new float[] {0f}, 1f), 1e-6);
  }

  @Test
  void staysFiniteWhereTheNaiveFormulaOverflows() {
    // log(sigmoid(-200)) underflows to log(0) = -inf in float; the stable form gives 200.
    assertEquals(200f, eval(new float[] {-200f}, 1f), 1e-3);
    assertEquals(200f, eval(new float[] {200f}, 0f), 1e-3);
    assertEquals(0f, eval(new float[] {200f}, 1f), 1e-6);
  }
}
