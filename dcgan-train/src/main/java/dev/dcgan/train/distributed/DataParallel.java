package dev.dcgan.train.distributed;

import dev.dcgan.train.training.Replica;
import dev.dcgan.train.training.Replication;
import dev.dcgan.train.util.SessionOptions;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * One worker of a synchronous data-parallel run: its own TensorFlow server in the cluster, a
 * session on it, the shard {@code task} of every global batch, and a graph whose gradients (and
 * measured losses, and with {@code syncBatchNorm} the batch-norm statistics) are averaged over the
 * workers by all-reduce ops. Every worker applies the same Adam update to the same weights, so the
 * weights stay identical without ever being sent.
 *
 * @param cluster every worker's address; task 0 is the chief
 * @param task this worker
 * @param syncBatchNorm batch norm with the global batch's statistics (else each worker's own)
 * @param timeoutSeconds how long an all-reduce waits for the other workers before failing the step
 */
public record DataParallel(
    ClusterSpec cluster, int task, boolean syncBatchNorm, float timeoutSeconds) implements Replica {
  /**
   * Long enough for the chief's end-of-epoch work (sample grid, checkpoint, an evaluation) while
   * the others wait at the next step's first all-reduce; a dead worker is noticed by the launcher
   * (or Spark) long before.
   */
  public static final float DEFAULT_TIMEOUT_SECONDS = 600;

  /** The collective group of the run's workers (one group: every worker takes part). */
  static final int GROUP_KEY = 1;

  public DataParallel {
    if (task < 0 || task >= cluster.size())
      throw new IllegalArgumentException(
          "task " + task + " is not in a cluster of " + cluster.size() + " workers");
  }

  @Override
  public int index() {
    return task;
  }

  @Override
  public int count() {
    return cluster.size();
  }

  /** A fresh all-reduce for each graph: its instance keys count from 1 in every worker's graph. */
  @Override
  public Replication replication() {
    return new Replication(
        new AllReduce(cluster.size(), GROUP_KEY, timeoutSeconds), task, syncBatchNorm);
  }

  /** Starts this worker's server, then opens a session on it. */
  @Override
  public Session newSession(Graph graph, SessionOptions options) {
    var config = WorkerConfig.sessionConfig(options, task);
    var server = WorkerServer.start(cluster, task, config);
    return RemoteSession.open(graph, server.target(), config);
  }

  @Override
  public void initialize(Session session) {
    session.initialize();
  }
}
