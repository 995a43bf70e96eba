package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class ExponentialMovingAverageTest {
  /**
   * A "training step" sets x to 1, 2, 3, 4; the shadow starts at x's initial 0. By hand, with d =
   * min(0.5, (1 + t) / (10 + t)):
   *
   * <pre>
   *   t=0  d = 1/10           shadow = 0.1·0    + 0.9·1    = 0.9
   *   t=1  d = 2/11           shadow = 2/11·0.9 + 9/11·2   = 1.8
   *   t=2  d = 3/12 = 0.25    shadow = 0.25·1.8 + 0.75·3   = 2.7
   *   ...
   *   t=8  d = 9/18 = 0.5     (the warm-up meets the decay)
   *   t=9  d = min(0.5, 10/19) = 0.5
   * </pre>
   */
  @Test
  void followsTheWarmUpThenTheDecay() {
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var x = tf.variable(tf.withInitScope().constant(0f));
      var shadow = tf.variable(tf.withInitScope().constant(0f));
      var step = tf.placeholder(TFloat32.class);
      var train = tf.assign(x, step);
      var ema = new ExponentialMovingAverage(tf, "avg", 0.5f);
      var update =
          ema.update(tf.withControlDependencies(List.of(train)), List.of(shadow), List.of(x));
      try (var session = new Session(graph)) {
        double expected = 0;
        for (int t = 0; t < 12; t++) {
          float value = t + 1;
          try (var v = TFloat32.scalarOf(value)) {
            session.runner().feed(step, v).addTarget(update).run();
          }
          double d = Math.min(0.5, (1.0 + t) / (10.0 + t));
          expected = d * expected + (1 - d) * value;
          try (Result r = session.runner().fetch(shadow).fetch(ema.updates()).run()) {
            assertEquals(expected, ((TFloat32) r.get(0)).getFloat(), 1e-5, "after update " + t);
            assertEquals(t + 1, ((TInt64) r.get(1)).getLong(), "t");
          }
          if (t == 0) assertEquals(0.9, expected, 1e-12);
          if (t == 1) assertEquals(1.8, expected, 1e-12);
          if (t == 2) assertEquals(2.7, expected, 1e-12);
        }
      }
    }
  }

  @Test
  void rejectsADecayOutsideZeroToOne() {
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      assertThrows(IllegalArgumentException.class, () -> new ExponentialMovingAverage(tf, "a", 1f));
      assertThrows(
          IllegalArgumentException.class, () -> new ExponentialMovingAverage(tf, "b", -0.1f));
    }
  }
}
