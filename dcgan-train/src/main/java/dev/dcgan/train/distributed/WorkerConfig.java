package dev.dcgan.train.distributed;

import dev.dcgan.train.util.SessionOptions;
import org.tensorflow.proto.ConfigProto;

/** The session config of one worker of a data-parallel run. */
public final class WorkerConfig {
  private WorkerConfig() {}

  /**
   * {@code options} (threads, XLA, ...) plus what a worker of {@code cluster} needs: the collective
   * group's leader (TensorFlow's collective runtime reads it from the server's default session
   * config), and a device filter so that the worker's session sees its own task only (its ops land
   * there, and a dead peer cannot stall its session's start).
   */
  public static ConfigProto sessionConfig(SessionOptions options, int task) {
    return options.toConfigProto().toBuilder()
        .addDeviceFilters("/job:" + ClusterSpec.JOB + "/task:" + task)
        .setExperimental(
            ConfigProto.Experimental.newBuilder().setCollectiveGroupLeader(ClusterSpec.leader()))
        .build();
  }
}
