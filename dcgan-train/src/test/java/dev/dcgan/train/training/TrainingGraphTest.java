package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestTensors;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.util.SessionOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

class TrainingGraphTest {
  static TrainingGraph graph;
  static Session session;

  @BeforeAll
  static void build() {
    graph = TrainingGraph.builder(ModelSpec.mnist(16), 7).build();
    session = SessionOptions.DEFAULT.newSession(graph.graph());
  }

  @AfterAll
  static void close() {
    session.close();
    graph.close();
  }

  static TUint8 randomBatch(int n, long seed) {
    var bytes = new byte[n * 28 * 28];
    new Random(seed).nextBytes(bytes);
    return TUint8.tensorOf(
        Shape.of(n, 28, 28, 1), org.tensorflow.ndarray.buffer.DataBuffers.of(bytes));
  }

  static float[][] values(List<Variable<TFloat32>> vars) {
    return TestTensors.fetch(session.runner(), vars);
  }

  static double maxAbsDiff(float[][] a, float[][] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++)
      for (int j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
    return m;
  }

  static double minPerVariableChange(float[][] a, float[][] b) {
    double min = Double.MAX_VALUE;
    for (int i = 0; i < a.length; i++) {
      double m = 0;
      for (int j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
      min = Math.min(min, m);
    }
    return min;
  }

  @Test
  void variablesAreNamedByNetworkAndLayer() {
    var g = graph.generator().variables().trainable().stream().map(v -> v.op().name()).toList();
    var d = graph.discriminator().variables().trainable().stream().map(v -> v.op().name()).toList();
    assertTrue(g.contains("generator.dense.kernel"), g.toString());
    assertTrue(g.contains("generator.bn0.gamma"), g.toString());
    assertTrue(g.contains("generator.deconv3.kernel"), g.toString());
    assertTrue(
        d.contains("discriminator.conv1.kernel") && d.contains("discriminator.conv1.bias"),
        d.toString());
    assertTrue(d.contains("discriminator.logit.bias"), d.toString());
    assertTrue(g.stream().allMatch(n -> n.startsWith("generator.")));
    assertTrue(d.stream().allMatch(n -> n.startsWith("discriminator.")));
    // Moving statistics are state, not trained.
    assertFalse(g.stream().anyMatch(n -> n.contains("moving")));
    assertTrue(
        graph.generator().variables().all().stream()
            .anyMatch(v -> v.op().name().equals("generator.bn1.moving_mean")));
  }

  @Test
  void everyVariableGetsAGradientFromItsOwnNetworksLoss() {
    Ops tf = Ops.create(graph.graph());
    checkGradients(
        tf, graph.trainOps().metrics().dLoss(), graph.discriminator().variables().trainable());
    checkGradients(
        tf, graph.trainOps().metrics().gLoss(), graph.generator().variables().trainable());
  }

  private void checkGradients(Ops tf, Operand<TFloat32> loss, List<Variable<TFloat32>> vars) {
    var grads = tf.gradients(loss, vars);
    try (var batch = randomBatch(8, 1);
        var key = org.tensorflow.types.TInt64.scalarOf(3)) {
      var runner =
          session
              .runner()
              .feed(graph.inputs().realImages(), batch)
              .feed(graph.inputs().stepKey(), key);
      var gradients = new ArrayList<Operand<TFloat32>>();
      for (int i = 0; i < vars.size(); i++) gradients.add(grads.dy(i));
      var values = TestTensors.fetch(runner, gradients);
      for (int i = 0; i < vars.size(); i++) {
        double norm = 0;
        for (float v : values[i]) norm += v * v;
        assertTrue(
            norm > 0 && Double.isFinite(norm),
            vars.get(i).op().name() + " has gradient norm " + norm);
      }
    }
  }

  @Test
  void dUpdateLeavesGAloneAndGUpdateLeavesDAlone(@TempDir Path tmp) {
    var gVars = graph.generator().variables().all();
    var dVars = graph.discriminator().variables().all();
    var step = new TrainStep(graph, session);
    try (var warm = randomBatch(8, 9)) {
      step.dThenG(warm, 1); // create the optimizer slots' values
    }
    String snapshot = tmp.resolve("snap").toString();
    session.save(snapshot);
    var g0 = values(gVars);
    var gTrainable0 = values(graph.generator().variables().trainable());
    var d0 = values(dVars);

    // (1) alone: D moves, every G variable (and moving statistic) stays.
    try (var batch = randomBatch(8, 5)) {
      step.dOnly(batch, 42);
    }
    var dAfterD = values(graph.discriminator().variables().trainable());
    assertEquals(0.0, maxAbsDiff(g0, values(gVars)), "a D update changed G");
    assertTrue(minPerVariableChange(d0, values(dVars)) > 0, "a D variable did not move");

    // (1) then (2) from the same state, same batch and key: D ends where (1) alone left it.
    session.restore(snapshot);
    try (var batch = randomBatch(8, 5)) {
      step.dThenG(batch, 42);
    }
    assertTrue(
        maxAbsDiff(dAfterD, values(graph.discriminator().variables().trainable())) < 1e-6,
        "the G update changed D");
    assertTrue(
        minPerVariableChange(gTrainable0, values(graph.generator().variables().trainable())) > 0,
        "a G variable did not move");
  }

  @Test
  void gUpdateSeesTheUpdatedDiscriminator() {
    var step = new TrainStep(graph, session);
    // Same batch and key twice: D changes in between, so D's view of the same fakes must change,
    // and G's loss (computed after D's update) must differ from one computed before it.
    try (var batch = randomBatch(16, 11)) {
      var m = step.dThenG(batch, 77);
      assertTrue(m.finite(), m.toString());
      // g_loss after the D update differs from -log D(G(z)) before it.
      double gLossBefore = -Math.log(m.dFake());
      assertNotEquals(gLossBefore, m.gLoss(), 1e-6);
    }
  }
}
