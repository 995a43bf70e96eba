package dev.dcgan.train.export;

import dev.dcgan.train.model.Generator;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.nn.Variables;
import java.util.ArrayList;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;

/**
 * A checkpoint's EMA generator under G's names: restoring G by name from the copy loads the
 * averages ({@code generator_ema.*}, {@link Generator#EMA_NETWORK}), so the export's graph and
 * names are those of any other export.
 */
final class EmaCheckpoint {
  private EmaCheckpoint() {}

  /**
   * Copies the checkpoint at {@code prefix}'s G and shadow to {@code outPrefix}, G's variables
   * holding the averages; nothing else is copied. Fails as {@code Session.restore} does if the
   * checkpoint has no shadow variables.
   */
  static void write(String prefix, ModelSpec spec, String outPrefix) {
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var raw = spec.newGenerator(Variables.restored(tf, "generator")).variables().all();
      var avg = spec.newGenerator(Variables.restored(tf, Generator.EMA_NETWORK)).variables().all();
      var copies = new ArrayList<Op>();
      for (int i = 0; i < raw.size(); i++) copies.add(tf.assign(raw.get(i), avg.get(i)));
      Op copy = tf.withControlDependencies(copies).noOp();
      try (var session = new Session(graph)) {
        session.restore(prefix);
        session.runner().addTarget(copy).run();
        session.save(outPrefix);
      }
    }
  }
}
