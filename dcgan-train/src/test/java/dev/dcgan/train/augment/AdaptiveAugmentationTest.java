package dev.dcgan.train.augment;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.util.Checkpoints;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class AdaptiveAugmentationTest {
  static final int BATCH = 8;

  /** batch 8, every 4 D updates, 0.32 kimg: p moves by 8·4/320 = 0.1 an adjustment. */
  static final AdaptiveAugmentation.Settings FAST = new AdaptiveAugmentation.Settings(0.6, 4, 0.32);

  /** A graph with ADA over fed "real logits", as the training graph would hold it. */
  static final class Rig implements AutoCloseable {
    final Graph graph = new Graph();
    final Ops tf = Ops.create(graph);
    final Placeholder<TFloat32> logits =
        tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(BATCH, 1)));
    final AdaptiveAugmentation ada;
    final Op accumulate;
    final Op adjust;
    final Session session;
    long dUpdates;

    Rig(boolean adaptive) {
      ada =
          adaptive
              ? AdaptiveAugmentation.adaptive(tf, FAST, BATCH)
              : AdaptiveAugmentation.fixed(tf, 0.25f);
      accumulate = ada.accumulate(tf, logits);
      adjust = ada.adjust(tf);
      session = new Session(graph);
      session.initialize();
    }

    /** One D update whose real logits are {@code positives} positive, the rest negative. */
    void dUpdate(int positives) {
      var values = new float[BATCH];
      for (int i = 0; i < BATCH; i++) values[i] = i < positives ? 2.5f : -1.5f;
      try (var t =
          TFloat32.tensorOf(
              Shape.of(BATCH, 1), d -> d.asRawTensor().data().asFloats().write(values))) {
        session.runner().feed(logits, t).addTarget(accumulate).run();
      }
      if (ada.adjustsAfter(++dUpdates)) session.runner().addTarget(adjust).run();
    }

    float p() {
      return read(ada.p());
    }

    float rt() {
      return read(ada.rt());
    }

    private float read(org.tensorflow.Operand<TFloat32> v) {
      try (Result r = session.runner().fetch(v).run()) {
        return ((TFloat32) r.get(0)).getFloat();
      }
    }

    @Override
    public void close() {
      session.close();
      graph.close();
    }
  }

  @Test
  void pRisesWhileDCallsEveryRealImageReal() {
    try (var rig = new Rig(true)) {
      assertEquals(0f, rig.p());
      assertEquals(0.1f, rig.ada.step(), 1e-7);
      for (int i = 0; i < 3; i++) rig.dUpdate(BATCH);
      assertEquals(0f, rig.p(), "no adjustment before the 4th D update");
      rig.dUpdate(BATCH);
      assertEquals(1f, rig.rt(), 1e-6);
      assertEquals(0.1f, rig.p(), 1e-6);
      for (int i = 0; i < 4 * 3; i++) rig.dUpdate(BATCH);
      assertEquals(0.4f, rig.p(), 1e-6);
    }
  }

  @Test
  void pFallsWhenRtIsBelowTheTargetAndStaysInZeroToOne() {
    try (var rig = new Rig(true)) {
      for (int i = 0; i < 4 * 15; i++) rig.dUpdate(BATCH); // r_t = 1 fifteen times
      assertEquals(1f, rig.p(), "clipped at 1");
      // 4 positive of 8 in each update: r_t = (4 − 4) / 8 = 0 < 0.6.
      for (int i = 0; i < 4 * 3; i++) rig.dUpdate(4);
      assertEquals(0f, rig.rt(), 1e-6);
      assertEquals(0.7f, rig.p(), 1e-6);
      // 6 of 8 positive: r_t = 0.5, still below 0.6; then the signs of two updates mixed.
      for (int i = 0; i < 4; i++) rig.dUpdate(6);
      assertEquals(0.5f, rig.rt(), 1e-6);
      assertEquals(0.6f, rig.p(), 1e-6);
      for (int i = 0; i < 4 * 20; i++) rig.dUpdate(0);
      assertEquals(-1f, rig.rt(), 1e-6);
      assertEquals(0f, rig.p(), "clipped at 0");
    }
  }

  @Test
  void rtAveragesOverTheWholeInterval() {
    try (var rig = new Rig(true)) {
      rig.dUpdate(8);
      rig.dUpdate(8);
      rig.dUpdate(8);
      rig.dUpdate(0); // signs: 24 positive, 8 negative of 32: r_t = 0.5
      assertEquals(0.5f, rig.rt(), 1e-6);
      assertEquals(0f, rig.p(), "0.5 < 0.6: p would fall, and stays at 0");
    }
  }

  @Test
  void aFixedPDoesNotMoveButRtIsRecorded() {
    try (var rig = new Rig(false)) {
      assertEquals(1, rig.ada.interval());
      for (int i = 0; i < 10; i++) rig.dUpdate(BATCH);
      assertEquals(0.25f, rig.p());
      assertEquals(1f, rig.rt(), 1e-6);
    }
  }

  @Test
  void pAndTheGatheredSignsAreRestoredFromACheckpoint(@TempDir Path run) throws Exception {
    float p, rt;
    var checkpoints = new Checkpoints(run, 2);
    try (var rig = new Rig(true)) {
      for (int i = 0; i < 4 * 3 + 2; i++) rig.dUpdate(BATCH); // p = 0.3, two updates gathered
      p = rig.p();
      rt = rig.rt();
      checkpoints.save(rig.session, new Checkpoints.State(14, 14, 0, 14, 14 * BATCH));
    }
    assertEquals(0.3f, p, 1e-6);
    try (var rig = new Rig(true)) {
      assertEquals(0f, rig.p());
      var state = Checkpoints.restore(rig.session, checkpoints.latest().orElseThrow());
      rig.dUpdates = state.dUpdates();
      assertEquals(p, rig.p());
      assertEquals(rt, rig.rt());
      // Updates 15 and 16 with 5 of 8 positive: alone r_t = 4/16 = 0.25 and p would fall; with the
      // 16 positive signs of updates 13 and 14, r_t = 20/32 = 0.625 and p rises.
      rig.dUpdate(5);
      rig.dUpdate(5);
      assertEquals(0.625f, rig.rt(), 1e-6);
      assertEquals(0.4f, rig.p(), 1e-6);
    }
  }

  @Test
  void rejectsSettingsOutsideTheirRanges() {
    assertThrows(
        IllegalArgumentException.class, () -> new AdaptiveAugmentation.Settings(1, 4, 500));
    assertThrows(
        IllegalArgumentException.class, () -> new AdaptiveAugmentation.Settings(0.6, 0, 500));
    assertThrows(
        IllegalArgumentException.class, () -> new AdaptiveAugmentation.Settings(0.6, 4, 0));
    try (var graph = new Graph()) {
      var tf = Ops.create(graph);
      assertThrows(IllegalArgumentException.class, () -> AdaptiveAugmentation.fixed(tf, 1.5f));
    }
  }
}
