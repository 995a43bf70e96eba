package dev.dcgan.train.distributed;

import dev.dcgan.train.nn.CrossReplicaMean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The mean of a tensor over the workers of a group, in the graph: TensorFlow's {@code
 * CollectiveReduceV2} with merge {@code Add} and final {@code Div}, the all-reduce
 * MultiWorkerMirroredStrategy uses. TF Java's API offers only the V3 op (which wants a communicator
 * resource), so the V2 op is built by name, with its op def's inputs and attributes (TF 2.18,
 * collective_ops.cc): {@code input, group_size, group_key, instance_key, ordering_token} and {@code
 * merge_op, final_op, timeout_seconds}.
 *
 * <p>Every worker builds the same graph, so the k-th all-reduce built gets instance key k on every
 * worker: that is how the workers' ops find each other, and since the graph is built once the keys
 * stay the same every step. A worker that dies (or never comes) makes the others fail with
 * DEADLINE_EXCEEDED after {@code timeoutSeconds}, instead of waiting forever.
 *
 * <p>The mean is differentiable: its gradient is the mean of the incoming gradients (the transpose
 * of averaging is averaging), itself an all-reduce with a key of its own. Synchronised batch norm
 * needs that.
 */
public final class AllReduce implements CrossReplicaMean {
  static final String OP = "CollectiveReduceV2";
  private static final Map<ExecutionEnvironment, AllReduce> BY_GRAPH = new WeakHashMap<>();

  private final int groupSize;
  private final int groupKey;
  private final float timeoutSeconds;
  private int nextInstanceKey = 1;

  /**
   * @param groupSize the workers taking part (every one must run each all-reduce)
   * @param groupKey the group's key, the same on every worker
   * @param timeoutSeconds how long an all-reduce waits for the others (> 0)
   */
  public AllReduce(int groupSize, int groupKey, float timeoutSeconds) {
    if (groupSize < 1) throw new IllegalArgumentException("group size must be >= 1");
    if (!(timeoutSeconds > 0))
      throw new IllegalArgumentException(
          "an all-reduce needs a timeout > 0 s, else a dead worker hangs the rest");
    this.groupSize = groupSize;
    this.groupKey = groupKey;
    this.timeoutSeconds = timeoutSeconds;
  }

  @Override
  public int replicas() {
    return groupSize;
  }

  /** The element-wise mean of {@code x} over the group's workers (each passes its own x). */
  @Override
  public Operand<TFloat32> mean(Ops tf, Operand<TFloat32> x) {
    registerGradient();
    synchronized (BY_GRAPH) {
      var known = BY_GRAPH.putIfAbsent(tf.scope().env(), this);
      if (known != null && known != this)
        throw new IllegalStateException(
            "a graph has one AllReduce (one sequence of instance keys)");
    }
    return build(tf, x, nextInstanceKey++);
  }

  /** {@link #mean} of each tensor: one all-reduce, one instance key each, in list order. */
  public List<Operand<TFloat32>> mean(Ops tf, List<? extends Operand<TFloat32>> xs) {
    var out = new ArrayList<Operand<TFloat32>>(xs.size());
    for (var x : xs) out.add(mean(tf, x));
    return out;
  }

  private Operand<TFloat32> build(Ops tf, Operand<TFloat32> x, int instanceKey) {
    var op =
        tf.scope()
            .opBuilder(OP, "all_reduce_mean")
            .addInput(x.asOutput())
            .addInput(tf.constant(groupSize).asOutput())
            .addInput(tf.constant(groupKey).asOutput())
            .addInput(tf.constant(instanceKey).asOutput())
            .addInputList(new Output<?>[0])
            .setAttr("merge_op", "Add")
            .setAttr("final_op", "Div")
            .setAttr("timeout_seconds", timeoutSeconds)
            .build();
    return op.output(0);
  }

  private static boolean gradientRegistered;

  /** d mean / d x_w, summed over the workers' losses: the mean of their incoming gradients. */
  private static synchronized void registerGradient() {
    if (gradientRegistered) return;
    TensorFlow.registerCustomGradient(OP, AllReduce::gradient);
    gradientRegistered = true;
  }

  private static List<Operand<?>> gradient(Ops tf, GraphOperation op, List<Output<?>> upstream) {
    AllReduce owner;
    synchronized (BY_GRAPH) {
      owner = BY_GRAPH.get(op.env());
    }
    if (owner == null) throw new IllegalStateException(op.name() + " was not built by AllReduce");
    @SuppressWarnings("unchecked")
    var dy = (Output<TFloat32>) upstream.get(0);
    var grads = new ArrayList<Operand<?>>();
    grads.add(owner.build(tf, dy, owner.nextInstanceKey++));
    // Group size and keys are int32 constants: zeros (TF Java's adapter takes no null).
    for (int i = 1; i < op.numInputs(); i++) grads.add(tf.zerosLike(op.input(i)));
    return grads;
  }
}
