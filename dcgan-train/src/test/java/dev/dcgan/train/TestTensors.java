package dev.dcgan.train;

import dev.dcgan.train.util.Tensors;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/** Running an operand and reading its floats, for tests. */
public final class TestTensors {
  private TestTensors() {}

  /** Runs {@code runner} (feeds set) fetching {@code outputs}, each as a flat float array. */
  public static float[][] fetch(Session.Runner runner, List<? extends Operand<TFloat32>> outputs) {
    outputs.forEach(runner::fetch);
    try (Result r = runner.run()) {
      var values = new float[outputs.size()][];
      for (int i = 0; i < values.length; i++) values[i] = Tensors.toArray((TFloat32) r.get(i));
      return values;
    }
  }

  /** {@code output} in {@code session}, with nothing fed. */
  public static float[] fetch(Session session, Operand<TFloat32> output) {
    return fetch(session.runner(), List.of(output))[0];
  }

  /** {@code output} of a graph without variables or placeholders, in a session of its own. */
  public static float[] evaluate(Operand<TFloat32> output) {
    try (var session = new Session((Graph) output.env())) {
      return fetch(session, output);
    }
  }
}
