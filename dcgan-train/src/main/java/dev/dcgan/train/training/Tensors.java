package dev.dcgan.train.training;

import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Moving float arrays in and out of TensorFlow, closing every Tensor and Result. */
public final class Tensors {
  private Tensors() {}

  /** A float32 [rows, cols] tensor of a rectangular array. */
  public static TFloat32 matrix(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    var flat = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != cols) throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + cols);
      System.arraycopy(rows[i], 0, flat, i * cols, cols);
    }
    return TFloat32.tensorOf(Shape.of(rows.length, cols), DataBuffers.of(flat, true, false));
  }

  public static float[] toArray(TFloat32 t) {
    var a = new float[(int) t.size()];
    t.copyTo(DataBuffers.of(a, false, false));
    return a;
  }

  /** Feeds {@code input} to {@code placeholder}, fetches {@code output} as a flat array. */
  public static float[] run(Session session, Operand<TFloat32> placeholder, float[][] input, Operand<TFloat32> output) {
    try (TFloat32 in = matrix(input);
        Result r = session.runner().feed(placeholder, in).fetch(output).run()) {
      return toArray((TFloat32) r.get(0));
    }
  }
}
