package dev.dcgan.train.bench;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.train.export.GeneratorExporter;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.training.AdamConfig;
import dev.dcgan.train.training.Checkpoints;
import dev.dcgan.train.training.SessionOptions;
import dev.dcgan.train.training.TrainStep;
import dev.dcgan.train.training.TrainingGraph;
import dev.dcgan.train.training.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TUint8;

/**
 * Steady-state speed of the default model on random data: training images/s (alternating D/G
 * steps, after warm-up steps) and generation images/s through dcgan-inference.
 */
public final class Benchmark {
  /** Settings of one benchmark run. */
  public record Settings(int batchSize, int steps, int warmup, int generateBatch, SessionOptions session) {}

  private Benchmark() {}

  public static Map<String, Object> run(Settings s) throws IOException {
    var spec = ModelSpec.mnist(100);
    var results = new LinkedHashMap<String, Object>();
    results.put("model", "tutorial 28x28x1, latent 100");
    results.put("batch_size", s.batchSize());
    results.put("cpus", Runtime.getRuntime().availableProcessors());
    Path tmp = Files.createTempDirectory("dcgan-bench");
    try (var graph = new TrainingGraph(spec, AdamConfig.DCGAN, AdamConfig.DCGAN, 1);
        Session session = s.session().newSession(graph.graph())) {
      var step = new TrainStep(graph, session);
      var bytes = new byte[s.batchSize() * 28 * 28];
      new Random(1).nextBytes(bytes);
      try (var batch = TUint8.tensorOf(Shape.of(s.batchSize(), 28, 28, 1), DataBuffers.of(bytes, true, false))) {
        for (int i = 0; i < s.warmup(); i++) step.dThenG(batch, i);
        long t0 = System.nanoTime();
        for (int i = 0; i < s.steps(); i++) step.dThenG(batch, 1000 + i);
        double seconds = (System.nanoTime() - t0) / 1e9;
        results.put("train_steps", s.steps());
        results.put("train_seconds", round(seconds));
        results.put("train_images_per_sec", round(s.steps() * (double) s.batchSize() / seconds));
        results.put("train_ms_per_step", round(1000 * seconds / s.steps()));
      }
      // Generation: export this (untrained) G and time the slim library on it.
      var checkpoints = new Checkpoints(tmp, 1);
      Path ckpt = checkpoints.save(session, new Checkpoints.State(0, 0, 0, 0, 0));
      Path version = GeneratorExporter.export(ckpt, spec, tmp.resolve("model"), 0,
          new GeneratorExporter.Provenance("random", 0, 0, 1, Map.of()));
      try (var model = DcganModel.load(version)) {
        var z = model.sampleLatent(s.generateBatch(), 1);
        model.generate(z);
        int reps = Math.max(3, 2048 / s.generateBatch());
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) model.generate(z);
        double seconds = (System.nanoTime() - t0) / 1e9;
        results.put("generate_batch", s.generateBatch());
        results.put("generate_images_per_sec", round(reps * (double) s.generateBatch() / seconds));
      }
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
    return results;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
