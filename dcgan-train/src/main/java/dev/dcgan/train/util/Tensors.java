package dev.dcgan.train.util;

import java.util.function.IntUnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/** Moving float arrays in and out of TensorFlow, closing every Tensor and Result. */
public final class Tensors {
  private Tensors() {}

  /** A float32 [rows, cols] tensor of a rectangular array. */
  public static TFloat32 matrix(float[][] rows) {
    int cols = columns(rows.length, i -> rows[i].length);
    var flat = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * cols, cols);
    return TFloat32.tensorOf(Shape.of(rows.length, cols), DataBuffers.of(flat, true, false));
  }

  /** A float64 [rows, cols] tensor of a rectangular array. */
  public static TFloat64 matrix(double[][] rows) {
    int cols = columns(rows.length, i -> rows[i].length);
    var flat = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * cols, cols);
    return TFloat64.tensorOf(Shape.of(rows.length, cols), DataBuffers.of(flat, true, false));
  }

  /** The common length of {@code rows} rows, or an error naming the first row that differs. */
  private static int columns(int rows, IntUnaryOperator length) {
    int cols = rows == 0 ? 0 : length.applyAsInt(0);
    for (int i = 1; i < rows; i++) {
      if (length.applyAsInt(i) != cols) {
        throw new IllegalArgumentException(
            "row " + i + " has " + length.applyAsInt(i) + " values, row 0 has " + cols);
      }
    }
    return cols;
  }

  public static float[] toArray(TFloat32 t) {
    var a = new float[(int) t.size()];
    t.copyTo(DataBuffers.of(a, false, false));
    return a;
  }

  /** Feeds {@code input} to {@code placeholder}, fetches {@code output} as a flat array. */
  public static float[] run(
      Session session, Operand<TFloat32> placeholder, float[][] input, Operand<TFloat32> output) {
    try (TFloat32 in = matrix(input);
        Result r = session.runner().feed(placeholder, in).fetch(output).run()) {
      return toArray((TFloat32) r.get(0));
    }
  }
}
