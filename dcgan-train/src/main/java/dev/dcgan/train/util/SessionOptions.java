package dev.dcgan.train.util;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How TensorFlow may use the CPU.
 *
 * @param intraOpThreads threads inside one kernel (0: TensorFlow's default, all cores)
 * @param interOpThreads kernels run at once (0: TensorFlow's default)
 * @param xla compile the graph with XLA's JIT (global_jit_level ON_1)
 * @param remapper Grappler's remapper (op fusion). Off by default: on this graph it fails on the
 *     LeakyRelu gradients ("fanout ... exist for missing node") and logs an error each session, and
 *     training is as fast without it (docs/performance.md).
 */
public record SessionOptions(
    int intraOpThreads, int interOpThreads, boolean xla, boolean remapper) {
  public static final SessionOptions DEFAULT = new SessionOptions(0, 0);

  public SessionOptions {
    if (intraOpThreads < 0 || interOpThreads < 0)
      throw new IllegalArgumentException("thread counts must be >= 0");
  }

  public SessionOptions(int intraOpThreads, int interOpThreads) {
    this(intraOpThreads, interOpThreads, false, false);
  }

  public ConfigProto toConfigProto() {
    var optimizer = OptimizerOptions.newBuilder();
    if (xla) optimizer.setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1);
    var rewrite =
        RewriterConfig.newBuilder()
            .setRemapping(remapper ? RewriterConfig.Toggle.ON : RewriterConfig.Toggle.OFF);
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOpThreads)
        .setInterOpParallelismThreads(interOpThreads)
        .setGraphOptions(
            GraphOptions.newBuilder().setOptimizerOptions(optimizer).setRewriteOptions(rewrite))
        .build();
  }

  public Session newSession(Graph graph) {
    return new Session(graph, toConfigProto());
  }
}
