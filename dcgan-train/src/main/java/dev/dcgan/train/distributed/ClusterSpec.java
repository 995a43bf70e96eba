package dev.dcgan.train.distributed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;

/**
 * The workers of one data-parallel run: one TensorFlow job, {@code worker}, whose task i listens at
 * {@code workers.get(i)} ({@code host:port}). Task 0 is the chief and the collective group's
 * leader.
 */
public record ClusterSpec(List<String> workers) {
  public static final String JOB = "worker";

  public ClusterSpec {
    if (workers.isEmpty()) throw new IllegalArgumentException("a cluster has at least one worker");
    for (var w : workers)
      if (!w.matches("[^:/\\s]+:\\d+"))
        throw new IllegalArgumentException("a worker address is host:port, got '" + w + "'");
    workers = List.copyOf(workers);
  }

  /** {@code host:port,host:port,...}, as {@link #toString()} writes it. */
  public static ClusterSpec parse(String list) {
    return new ClusterSpec(Arrays.asList(list.split(",")));
  }

  /**
   * {@code n} workers on this machine's loopback, on ports free now. Another process may take a
   * port before the server binds it; the server then fails to start with a clear error.
   */
  public static ClusterSpec loopback(int n) {
    var addresses = new ArrayList<String>();
    var sockets = new ArrayList<ServerSocket>();
    try {
      // All held open at once, so the n ports are distinct.
      for (int i = 0; i < n; i++) {
        var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(s);
        addresses.add("localhost:" + s.getLocalPort());
      }
      for (var s : sockets) s.close();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port: " + e.getMessage(), e);
    }
    return new ClusterSpec(addresses);
  }

  public int size() {
    return workers.size();
  }

  /** The session target of task {@code task}'s server. */
  public String target(int task) {
    return "grpc://" + workers.get(task);
  }

  /** TensorFlow's name for task {@code task}'s CPU. */
  public static String device(int task) {
    return "/job:" + JOB + "/replica:0/task:" + task + "/device:CPU:0";
  }

  /** The collective group's leader: the chief's task. */
  public static String leader() {
    return "/job:" + JOB + "/replica:0/task:0";
  }

  /**
   * The server definition of task {@code task}; {@code config} is its default session config, which
   * is where TensorFlow's collective runtime reads the group leader.
   */
  public ServerDef serverDef(int task, ConfigProto config) {
    var job = JobDef.newBuilder().setName(JOB);
    for (int i = 0; i < size(); i++) job.putTasks(i, workers.get(i));
    return ServerDef.newBuilder()
        .setCluster(ClusterDef.newBuilder().addJob(job))
        .setJobName(JOB)
        .setTaskIndex(task)
        .setProtocol("grpc")
        .setDefaultSessionConfig(config)
        .build();
  }

  @Override
  public String toString() {
    return String.join(",", workers);
  }
}
