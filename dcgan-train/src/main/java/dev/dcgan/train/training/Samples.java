package dev.dcgan.train.training;

import dev.dcgan.inference.GeneratedImages;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.util.Tensors;
import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The sample head in the session: G (or its average) in inference mode. A conditional G draws
 * classes 0, 1, 2, ... in turn (as many of each as the count allows: evaluation's samples are
 * spread evenly over the classes).
 */
record Samples(Session session, TrainingGraph.SampleHead head, ModelSpec spec) {
  /** Columns of the per-epoch grid. */
  static final int GRID_COLUMNS = 8;

  /** Rows of a conditional model's grid at most: one per class, the first ten classes. */
  static final int GRID_CLASSES = 10;

  float[] draw(float[][] z) {
    if (!spec.conditional()) return Tensors.run(session, head.z(), z, head.samples());
    var labels = new long[z.length];
    for (int i = 0; i < z.length; i++) labels[i] = i % spec.classes();
    return draw(z, labels);
  }

  float[] draw(float[][] z, long[] labels) {
    try (TFloat32 zt = Tensors.matrix(z);
        TInt64 lt = TInt64.vectorOf(labels);
        Result r =
            session
                .runner()
                .feed(head.z(), zt)
                .feed(head.labels().values("a conditional sample head"), lt)
                .fetch(head.samples())
                .run()) {
      return Tensors.toArray((TFloat32) r.get(0));
    }
  }

  /**
   * G(fixed z) as an 8x8 grid; a conditional G's has one row per class (the first {@value
   * #GRID_CLASSES}), each row the same eight z, so a column shows one z across the classes.
   */
  void writeGrid(float[][] fixedZ, Path file) throws IOException {
    if (!spec.conditional()) {
      images(fixedZ.length, draw(fixedZ)).writeGridPng(file, GRID_COLUMNS);
      return;
    }
    int rows = Math.min(spec.classes(), GRID_CLASSES);
    var z = new float[rows * GRID_COLUMNS][];
    var labels = new long[z.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = fixedZ[i % GRID_COLUMNS];
      labels[i] = i / GRID_COLUMNS;
    }
    images(z.length, draw(z, labels)).writeGridPng(file, GRID_COLUMNS);
  }

  private GeneratedImages images(int n, float[] pixels) {
    return GeneratedImages.of(n, spec.height(), spec.width(), spec.channels(), pixels);
  }
}
