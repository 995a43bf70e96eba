package dev.dcgan.train.distributed;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.training.AdamConfig;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.TrainResult;
import dev.dcgan.train.training.Trainer;
import dev.dcgan.train.training.TrainingGraph;
import dev.dcgan.train.training.TrainingListener;
import dev.dcgan.train.util.Checkpoints;
import dev.dcgan.train.util.CpuFeatures;
import dev.dcgan.train.util.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Synchronous data parallelism is exact: two workers, each with half of every batch, train the same
 * network as one process with the whole batch. Two workers in this JVM, each with its own
 * TensorFlow server on loopback; batch norm synchronised (per-worker statistics would be another
 * computation), and tiny dcgan networks (no dropout) on fake images: 4 steps.
 */
class DataParallelTrainingTest {
  /**
   * Float tolerance: the workers sum halves where one process sums the whole, and synchronised
   * batch norm computes the variance as E[x^2] - mean^2 (seen: 1.1e-6 after 4 steps). Without the
   * all-reduce, Adam's first steps alone move each weight by up to its learning rate, 2e-4.
   */
  static final double TOLERANCE = 1e-5;

  static TrainConfig.Builder tiny(Path runDir) {
    return TrainConfig.builder()
        .data("fake")
        .imageSize(16)
        .channels(1)
        .limit(64)
        .architecture(Architecture.DCGAN)
        .ngf(4)
        .ndf(4)
        .latentSize(8)
        .latentCode(0)
        .batchSize(16)
        .dAdam(AdamConfig.DCGAN)
        .gAdam(AdamConfig.DCGAN)
        .epochs(1)
        .seed(11)
        .threads(1, 1)
        .runDir(runDir.toString());
  }

  /** Trains {@code config} on {@code workers} workers of a loopback cluster; the chief's result. */
  static TrainResult trainOnWorkers(TrainConfig config, int workers, boolean syncBatchNorm)
      throws Exception {
    var cluster = ClusterSpec.loopback(workers);
    var pool = Executors.newFixedThreadPool(workers);
    try {
      var results = new ArrayList<Future<TrainResult>>();
      for (int task = 0; task < workers; task++) {
        var replica = new DataParallel(cluster, task, syncBatchNorm, 120f);
        results.add(
            pool.submit(
                () ->
                    new Trainer(config, CpuFeatures.detect(), replica)
                        .train(new TrainingListener() {})));
      }
      for (var r : results.subList(1, workers)) r.get();
      return results.get(0).get();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoWorkersWithHalfTheBatchTrainAsOneWithTheWhole(@TempDir Path tmp) throws Exception {
    var one = new Trainer(tiny(tmp.resolve("one")).build()).train(new TrainingListener() {});
    var two = trainOnWorkers(tiny(tmp.resolve("two")).build(), 2, true);
    assertEquals(4, one.steps());
    assertEquals(4, two.steps());

    var oneRows = Files.readAllLines(one.runDir().resolve("losses.csv"));
    var twoRows = Files.readAllLines(two.runDir().resolve("losses.csv"));
    assertEquals(oneRows.size(), twoRows.size());
    for (int i = 1; i < oneRows.size(); i++) {
      var a = oneRows.get(i).split(",");
      var b = twoRows.get(i).split(",");
      assertEquals(a[0], b[0], "step");
      for (int c = 2; c < 6; c++)
        assertEquals(
            Double.parseDouble(a[c]),
            Double.parseDouble(b[c]),
            TOLERANCE,
            "row " + i + " col " + c);
    }

    var oneVars = variables(one.spec(), one.checkpoint());
    var twoVars = variables(two.spec(), two.checkpoint());
    assertEquals(oneVars.keySet(), twoVars.keySet());
    var initial = variables(one.spec(), null);
    for (var name : oneVars.keySet()) {
      // D's moving statistics are updated twice a step, by its real and its fake pass, in no fixed
      // order, and an exponential average's result depends on that order; nothing reads them (D
      // only ever runs in training mode), so they are the one thing not compared.
      if (name.startsWith("discriminator.") && name.contains(".moving_")) continue;
      assertArrayEquals(oneVars.get(name), twoVars.get(name), (float) TOLERANCE, name);
    }
    // The weights moved by far more than the tolerance: the comparison says something.
    double moved = 0;
    for (var name : oneVars.keySet())
      for (int i = 0; i < oneVars.get(name).length; i++)
        moved = Math.max(moved, Math.abs(oneVars.get(name)[i] - initial.get(name)[i]));
    assertTrue(moved > 20 * TOLERANCE, "the weights moved by at most " + moved);
  }

  /** Every variable of G and D (batch-norm statistics too) by name; a fresh graph's if null. */
  static Map<String, float[]> variables(ModelSpec spec, Path checkpoint) throws IOException {
    try (var graph = TrainingGraph.builder(spec, 11).build();
        var session = new Session(graph.graph())) {
      if (checkpoint != null) session.restore(Checkpoints.variablesPrefix(checkpoint));
      var vars = new ArrayList<Variable<TFloat32>>(graph.generator().variables().all());
      vars.addAll(graph.discriminator().variables().all());
      var values = new LinkedHashMap<String, float[]>();
      var runner = session.runner();
      vars.forEach(runner::fetch);
      try (Result r = runner.run()) {
        for (int i = 0; i < vars.size(); i++)
          values.put(vars.get(i).op().name(), Tensors.toArray((TFloat32) r.get(i)));
      }
      return values;
    }
  }
}
