package dev.dcgan.train.distributed;

import org.tensorflow.Server;
import org.tensorflow.proto.ConfigProto;

/**
 * One task's TensorFlow gRPC server: it owns the task's variables and runs its part of every step;
 * a session on {@link #target()} ({@link RemoteSession}) drives it.
 *
 * <p>It runs until the process exits: TensorFlow's gRPC server has no clean shutdown ({@code Stop}
 * answers "not implemented" once started), so a worker is a process of its own, and tests that
 * start servers in their JVM leave them to its exit.
 */
public final class WorkerServer {
  private final String target;

  private WorkerServer(String target) {
    this.target = target;
  }

  /**
   * Starts task {@code task} of {@code cluster}.
   *
   * @param config the task's session config ({@link WorkerConfig#sessionConfig})
   */
  @SuppressWarnings("resource") // see the class comment
  public static WorkerServer start(ClusterSpec cluster, int task, ConfigProto config) {
    if (task < 0 || task >= cluster.size())
      throw new IllegalArgumentException(
          "task " + task + " is not in a cluster of " + cluster.size() + " workers");
    new Server(cluster.serverDef(task, config)).start();
    return new WorkerServer(cluster.target(task));
  }

  /** {@code grpc://host:port}: where a session for this task connects. */
  public String target() {
    return target;
  }
}
