package dev.dcgan.train.training;

import java.util.Optional;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/** Runs a graph's train ops in a session: one {@code Session.run} per update. */
public final class TrainStep {
  private final TrainingGraph.Inputs inputs;
  private final TrainOps ops;
  private final Session session;
  private final Optional<TrainingGraph.AugmentHead> augment;
  private float learningRateScale = 1f;

  public TrainStep(TrainingGraph graph, Session session) {
    this.inputs = graph.inputs();
    this.ops = graph.trainOps();
    this.session = session;
    this.augment = graph.augmentHead();
  }

  /** Multiplies both learning rates by {@code factor} from the next update on (a schedule's). */
  public void scaleLearningRates(float factor) {
    if (!(factor >= 0f && factor <= 1f))
      throw new IllegalArgumentException("a learning-rate factor is in [0, 1], got " + factor);
    learningRateScale = factor;
  }

  /** (1) update D, then (2) update G; returns what the step measured. */
  public StepMetrics dThenG(TUint8 realBatch, long key) {
    return dThenG(realBatch, null, key);
  }

  /**
   * As {@link #dThenG(TUint8, long)}, with the real batch's classes (int64 [N]) for a conditional
   * GAN; null for an unconditional one.
   */
  public StepMetrics dThenG(TUint8 realBatch, TInt64 realLabels, long key) {
    var m = ops.metrics();
    try (TInt64 k = TInt64.scalarOf(key);
        TFloat32 lr = TFloat32.scalarOf(learningRateScale)) {
      var runner =
          feed(realBatch, realLabels, k, lr)
              .addTarget(ops.dThenG())
              .fetch(m.dLoss())
              .fetch(m.gLoss())
              .fetch(m.dReal())
              .fetch(m.dFake());
      augment.ifPresent(a -> runner.fetch(a.probability().p()).fetch(a.probability().rt()));
      try (Result r = runner.run()) {
        var augmented =
            augment.isPresent() ? new StepMetrics.Augment(scalar(r, 4), scalar(r, 5)) : null;
        return new StepMetrics(scalar(r, 0), scalar(r, 1), scalar(r, 2), scalar(r, 3), augmented);
      }
    }
  }

  /**
   * After the D update that makes {@code dUpdates} in all: ADA's adjustment of p, when it is due
   * (nothing without augmentation).
   */
  public void afterDUpdate(long dUpdates) {
    augment
        .filter(a -> a.probability().adjustsAfter(dUpdates))
        .ifPresent(a -> session.runner().addTarget(a.adjust()).run().close());
  }

  /** (1) only: one more D update before the next G update; returns D's loss. */
  public float dOnly(TUint8 realBatch, long key) {
    return dOnly(realBatch, null, key);
  }

  /** As {@link #dOnly(TUint8, long)}, with the real batch's classes for a conditional GAN. */
  public float dOnly(TUint8 realBatch, TInt64 realLabels, long key) {
    try (TInt64 k = TInt64.scalarOf(key);
        TFloat32 lr = TFloat32.scalarOf(learningRateScale);
        Result r =
            feed(realBatch, realLabels, k, lr)
                .addTarget(ops.dOnly())
                .fetch(ops.metrics().dLoss())
                .run()) {
      return scalar(r, 0);
    }
  }

  /** The step's feeds; the data's labels are null for a batch without (they come as loaded). */
  private Session.Runner feed(
      TUint8 realBatch, TInt64 realLabels, TInt64 key, TFloat32 learningRateFactor) {
    if (inputs.conditional() != (realLabels != null))
      throw new IllegalArgumentException(
          inputs.conditional()
              ? "a conditional GAN's step needs the real batch's labels"
              : "an unconditional GAN's step takes no labels");
    var runner =
        session
            .runner()
            .feed(inputs.realImages(), realBatch)
            .feed(inputs.stepKey(), key)
            .feed(inputs.learningRateScale(), learningRateFactor);
    return realLabels == null
        ? runner
        : runner.feed(inputs.realLabels().values("a conditional GAN's step"), realLabels);
  }

  private static float scalar(Result r, int i) {
    return ((TFloat32) r.get(i)).getFloat();
  }
}
