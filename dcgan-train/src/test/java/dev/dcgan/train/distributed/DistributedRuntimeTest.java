package dev.dcgan.train.distributed;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.util.SessionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow's distributed runtime from TF Java, on loopback: two servers in this JVM, one session
 * per worker through the bridge. Servers cannot be stopped (see {@link WorkerServer}), so each test
 * starts its own pair on fresh ports.
 */
class DistributedRuntimeTest {
  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  private static ConfigProto config(int task) {
    return WorkerConfig.sessionConfig(new SessionOptions(1, 1), task);
  }

  private static ClusterSpec startTwo() {
    var cluster = ClusterSpec.loopback(2);
    for (int task = 0; task < 2; task++) WorkerServer.start(cluster, task, config(task));
    return cluster;
  }

  @Test
  void sessionBridgeRunsAnOpPlacedOnTheOtherWorker() {
    var cluster = startTwo();
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var onTask1 = tf.withDevice(DeviceSpec.newBuilder().job("worker").task(1).build());
      var x = tf.placeholder(TFloat32.class);
      var y = onTask1.withName("on_task1").math.mul(x, onTask1.constant(3f));
      // Task 0's session without a device filter, so that it sees task 1's CPU.
      var open = ConfigProto.newBuilder().setExperimental(config(0).getExperimental()).build();
      try (Session s = RemoteSession.open(graph, cluster.target(0), open);
          var in = TFloat32.scalarOf(2f);
          Result r = s.runner().feed(x, in).fetch(y).run()) {
        assertEquals(6f, ((TFloat32) r.get(0)).getFloat());
      }
    }
    // The placement is honoured, not ignored: a task the cluster lacks is an error.
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var nowhere = tf.withDevice(DeviceSpec.newBuilder().job("worker").task(7).build());
      var lost = nowhere.withName("on_task7").constant(3f);
      var open = ConfigProto.newBuilder().setExperimental(config(0).getExperimental()).build();
      try (Session s = RemoteSession.open(graph, cluster.target(0), open)) {
        var e = assertThrows(RuntimeException.class, () -> s.runner().fetch(lost).run().close());
        assertTrue(e.getMessage().contains("task:1/device:CPU:0"), e.getMessage());
      }
    }
  }

  @Test
  void meanOfEachTensorOverTwoWorkers() throws Exception {
    var cluster = startTwo();
    float[][][] grads = {
      {{1f, 2f, 3f}, {10f}},
      {{5f, -2f, 0.5f}, {-4f}},
    };
    var results =
        onEachWorker(
            cluster,
            30f,
            (tf, task) -> {
              var ins = new ArrayList<Operand<TFloat32>>();
              for (float[] g : grads[task]) ins.add(tf.constant(g));
              return new AllReduce(2, 1, 30f).mean(tf, ins);
            });
    for (int task = 0; task < 2; task++) {
      assertArrayEquals(new float[] {3f, 0f, 1.75f}, results.get(task).get(0), 1e-6f);
      assertArrayEquals(new float[] {3f}, results.get(task).get(1), 1e-6f);
    }
  }

  @Test
  void gradientOfTheMeanIsTheMeanOfTheWorkersGradients() throws Exception {
    // Worker w's loss: sum(c_w * mean(x_w)); d/dx_w of the sum of both losses is mean(c_0, c_1).
    var cluster = startTwo();
    float[][] c = {{1f, 4f}, {3f, -2f}};
    var results =
        onEachWorker(
            cluster,
            30f,
            (tf, task) -> {
              var x = tf.variable(tf.constant(new float[] {0.5f, task}));
              var m = new AllReduce(2, 1, 30f).mean(tf, x);
              var loss = tf.reduceSum(tf.math.mul(tf.constant(c[task]), m), tf.constant(0));
              Operand<TFloat32> dx = tf.gradients(loss, List.of(x)).dy(0);
              return List.of(dx);
            });
    for (int task = 0; task < 2; task++)
      assertArrayEquals(new float[] {2f, 1f}, results.get(task).get(0), 1e-6f);
  }

  @Test
  void aMissingWorkerTimesOutInsteadOfHanging() {
    var cluster = startTwo();
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var m = new AllReduce(2, 1, 2f).mean(tf, tf.constant(new float[] {1f}));
      try (Session s = RemoteSession.open(graph, cluster.target(0), config(0))) {
        var e = assertThrows(RuntimeException.class, () -> s.runner().fetch(m).run().close());
        assertTrue(
            e.getMessage().toLowerCase().contains("timed out")
                || e.getMessage().contains("DEADLINE"),
            e.getMessage());
      }
    }
  }

  interface GraphPart {
    List<Operand<TFloat32>> build(Ops tf, int task);
  }

  /** Builds and runs {@code part} on both workers at once; each worker's fetched values. */
  static List<List<float[]>> onEachWorker(ClusterSpec cluster, float timeout, GraphPart part)
      throws Exception {
    var futures = new ArrayList<Future<List<float[]>>>();
    for (int task = 0; task < 2; task++) {
      int t = task;
      Callable<List<float[]>> worker =
          () -> {
            try (var graph = new Graph()) {
              Ops tf = Ops.create(graph);
              var outs = part.build(tf, t);
              try (Session s = RemoteSession.open(graph, cluster.target(t), config(t))) {
                s.initialize();
                var runner = s.runner();
                outs.forEach(runner::fetch);
                try (Result r = runner.run()) {
                  var values = new ArrayList<float[]>();
                  for (int i = 0; i < outs.size(); i++) {
                    var v = (TFloat32) r.get(i);
                    var a = new float[(int) v.size()];
                    v.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(a, false, false));
                    values.add(a);
                  }
                  return values;
                }
              }
            }
          };
      futures.add(pool.submit(worker));
    }
    var out = new ArrayList<List<float[]>>();
    for (var f : futures) out.add(f.get());
    return out;
  }
}
