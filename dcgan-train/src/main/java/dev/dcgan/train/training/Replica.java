package dev.dcgan.train.training;

import dev.dcgan.train.util.SessionOptions;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * A trainer's part in its run: {@link #SOLE}, the whole run in one process, or one worker of a
 * data-parallel run (dev.dcgan.train.distributed.DataParallel). Worker 0, the chief, writes the run
 * folder and holds its lock for the group; the others train along and write nothing.
 */
public interface Replica {
  /** The whole run in this process: a local session, the whole batch. */
  Replica SOLE =
      new Replica() {
        @Override
        public int index() {
          return 0;
        }

        @Override
        public int count() {
          return 1;
        }

        @Override
        public Replication replication() {
          return Replication.NONE;
        }

        @Override
        public Session newSession(Graph graph, SessionOptions options) {
          return options.newSession(graph);
        }

        @Override
        public void initialize(Session session) {
          // TF Java's own sessions run the initializers before their first step
        }
      };

  /** This worker's index; its shard of every global batch. */
  int index();

  /** The workers of the run. */
  int count();

  /** Whether this worker writes the run folder. */
  default boolean chief() {
    return index() == 0;
  }

  /** What this worker's training graph adds to a single process's. */
  Replication replication();

  /** A session for this worker's graph. */
  Session newSession(Graph graph, SessionOptions options);

  /** Runs the graph's initializers: a fresh run, nothing restored. */
  void initialize(Session session);
}
