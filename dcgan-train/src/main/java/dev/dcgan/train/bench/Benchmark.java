package dev.dcgan.train.bench;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.GeneratedImages;
import dev.dcgan.train.export.GeneratorExporter;
import dev.dcgan.train.loss.LossType;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.GanPrecision;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.nn.LayerShape;
import dev.dcgan.train.nn.Precision;
import dev.dcgan.train.training.TrainStep;
import dev.dcgan.train.training.TrainingGraph;
import dev.dcgan.train.util.AtomicFiles;
import dev.dcgan.train.util.Checkpoints;
import dev.dcgan.train.util.SessionOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TUint8;

/**
 * How fast, and how close to the machine's limit: training images/s of a model (the default: the
 * tutorial's 28x28x1) at steady state on random images of its shape; its FLOP rate counted two ways
 * (every kernel tap, and only the taps on real inputs) against the machine's float32 peak measured
 * by an FMA loop and against TensorFlow's own matmul rate; generation images/s and single-image
 * latency through dcgan-inference, start-up to first image, and resident memory over a long run.
 */
public final class Benchmark {
  /**
   * @param memorySteps training steps watched for memory growth (0: skip)
   * @param memoryBatch batch size of those steps (small, so many steps are quick)
   * @param startup also time a fresh JVM from start to its first generated image
   * @param spec the model to time
   * @param compiler the C compiler of the FMA peak ({@link FmaPeak#defaultCompiler()})
   * @param precision what the convolutions and matmuls compute in (the caller has checked the CPU)
   * @param trainOnly time training only: no peaks (so no efficiency), memory run, generation or
   *     start-up (for comparisons and the cost matrix, where only images/s is wanted)
   */
  public record Settings(
      ModelSpec spec,
      String compiler,
      int batchSize,
      int steps,
      int warmup,
      int memorySteps,
      int memoryBatch,
      boolean startup,
      boolean trainOnly,
      SessionOptions session,
      Precision precision) {}

  private Benchmark() {}

  public static Map<String, Object> run(Settings s) throws IOException, InterruptedException {
    var spec = s.spec();
    var r = new LinkedHashMap<String, Object>();
    r.put("model", describe(spec));
    r.put("arch", spec.architecture().id());
    r.put("image_size", spec.height());
    r.put("channels", spec.channels());
    r.put("ngf", spec.ngf());
    r.put("ndf", spec.ndf());
    r.put("cpus", Runtime.getRuntime().availableProcessors());
    r.put(
        "session",
        Map.of(
            "intra_op_threads",
            s.session().intraOpThreads(),
            "inter_op_threads",
            s.session().interOpThreads(),
            "xla",
            s.session().xla(),
            "remapper",
            s.session().remapper()));
    r.put("onednn", System.getenv().getOrDefault("TF_ENABLE_ONEDNN_OPTS", "unset"));
    r.put("precision", s.precision().id());
    // What train --precision bf16 computes: its layers with wrong bfloat16 kernels here stay fp32.
    var loss = LossType.NON_SATURATING.loss();
    var precision =
        GanPrecision.forTraining(spec, loss.criticOptions(), s.precision(), s.batchSize());
    r.put("float32_layers", List.copyOf(precision.float32Layers()));

    double matmul = Double.NaN;
    double peak = Double.NaN;
    if (!s.trainOnly()) {
      matmul = MatmulPeak.gflops(s.session(), 2048, 10);
      r.put("matmul_gflops", round(matmul));
      int cores = Runtime.getRuntime().availableProcessors();
      var fma = FmaPeak.measure(s.compiler(), cores);
      r.put("fma_peak_gflops", fma.measured() ? round(fma.gflops()) : null);
      r.put("fma_peak_note", fma.note());
      // Efficiency is against the measured peak; without a compiler, TF's MatMul (said so above).
      peak = fma.measured() ? fma.gflops() : matmul;
      r.put("peak_gflops", round(peak));
      r.put("peak_source", fma.measured() ? "fma_loop" : "tf_matmul");
    }

    Path tmp = Files.createTempDirectory("dcgan-bench");
    try (var graph = TrainingGraph.builder(spec, 1).loss(loss).precision(precision).build();
        Session session = s.session().newSession(graph.graph())) {
      var step = new TrainStep(graph, session);
      // Training at steady state.
      double seconds;
      try (var batch = randomBatch(s.batchSize(), spec)) {
        for (int i = 0; i < s.warmup(); i++) step.dThenG(batch, i);
        long t0 = System.nanoTime();
        for (int i = 0; i < s.steps(); i++) step.dThenG(batch, 1000 + i);
        seconds = (System.nanoTime() - t0) / 1e9;
      }
      var g = graph.generator().layers();
      var d = graph.discriminator().layers();
      var flops = TrainingFlops.counts(g, d);
      double imagesPerSecond = s.steps() * (double) s.batchSize() / seconds;
      double gflops = imagesPerSecond * flops.analytic() / 1e9;
      double effectiveGflops = imagesPerSecond * flops.effective() / 1e9;
      r.put("train_batch", s.batchSize());
      r.put("train_steps", s.steps());
      r.put("train_images_per_sec", round(imagesPerSecond));
      r.put("train_ms_per_step", round(1000 * seconds / s.steps()));
      r.put("train_seconds_per_epoch_60000", round(60000 / imagesPerSecond));
      // The analytic figures keep their old names; the effective ones leave out padding taps.
      r.put("train_gflop_per_step", round(flops.analytic() * s.batchSize() / 1e9));
      r.put("train_gflop_per_step_effective", round(flops.effective() * s.batchSize() / 1e9));
      r.put("train_mflop_per_image", round(flops.analytic() / 1e6));
      r.put("train_mflop_per_image_effective", round(flops.effective() / 1e6));
      r.put("train_padding_share", round3(flops.paddingShare()));
      r.put("train_gflops", round(gflops));
      r.put("train_gflops_effective", round(effectiveGflops));
      if (!s.trainOnly()) {
        r.put("train_efficiency_vs_matmul", round(gflops / matmul));
        r.put("train_efficiency_vs_matmul_effective", round(effectiveGflops / matmul));
        r.put("train_efficiency", round(effectiveGflops / peak));
        r.put("train_efficiency_analytic", round(gflops / peak));
      }
      r.put("layers", layerTable(g, d));
      if (s.trainOnly()) return r;

      // Resident memory over many steps: sampled once warm (after a tenth) and at the end.
      if (s.memorySteps() > 0) {
        long warm = 0;
        try (var batch = randomBatch(s.memoryBatch(), spec)) {
          for (int i = 0; i < s.memorySteps(); i++) {
            step.dThenG(batch, 5000 + i);
            if (i == s.memorySteps() / 10) warm = ProcessMemory.residentBytes();
          }
        }
        long end = ProcessMemory.residentBytes();
        r.put("memory_steps", s.memorySteps());
        r.put("memory_batch", s.memoryBatch());
        r.put("rss_mb_warm", round(warm / 1e6));
        r.put("rss_mb_end", round(end / 1e6));
        r.put("rss_growth_percent", round(100.0 * (end - warm) / warm));
      }

      // Generation through the slim library, on this G exported.
      Path ckpt = new Checkpoints(tmp, 1).save(session, new Checkpoints.State(0, 0, 0, 0, 0));
      Path model =
          GeneratorExporter.export(
              ckpt,
              spec,
              tmp.resolve("model"),
              0,
              GeneratorExporter.Provenance.of("random")
                  .seed(1)
                  .classes(List.of())
                  .precision(s.precision())
                  .build());
      try (var m = DcganModel.load(model)) {
        var generation = new LinkedHashMap<String, Object>();
        for (int b : new int[] {1, 64, 1024}) {
          var z = m.sampleLatent(b, 1);
          draw(m, z);
          int reps = Math.max(3, 4096 / b);
          long t0 = System.nanoTime();
          for (int i = 0; i < reps; i++) draw(m, z);
          generation.put("batch_" + b, round(reps * (double) b / ((System.nanoTime() - t0) / 1e9)));
        }
        r.put("generate_images_per_sec", generation);
        var z = m.sampleLatent(1, 2);
        for (int i = 0; i < 20; i++) draw(m, z);
        var ms = new double[500];
        for (int i = 0; i < ms.length; i++) {
          long t0 = System.nanoTime();
          draw(m, z);
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        r.put("single_image_ms_p50", round(ms[ms.length / 2]));
        r.put("single_image_ms_p99", round(ms[(int) (ms.length * 0.99)]));
      }
      if (s.startup()) r.put("start_to_first_image_ms", startupMillis(model, tmp));
      r.put("rss_mb_peak", round(ProcessMemory.peakResidentBytes() / 1e6));
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
    return r;
  }

  /**
   * Wall time of a fresh JVM running {@code dcgan generate --count 1}: start-up, model load, one
   * image.
   */
  private static double startupMillis(Path model, Path tmp)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    cmd.addAll(
        List.of(
            "dev.dcgan.train.cli.Main",
            "generate",
            "--model",
            model.toString(),
            "--count",
            "1",
            "--out",
            tmp.resolve("first.png").toString()));
    var pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)
        || p.exitValue() != 0
        || !Files.exists(tmp.resolve("first.png"))) {
      throw new IOException(
          "the start-up run failed (exit " + (p.isAlive() ? "none" : p.exitValue()) + ")");
    }
    return round((System.nanoTime() - t0) / 1e6);
  }

  /**
   * The images of z, through {@code serving_default}: a class-conditional model needs one label a
   * row (classes 0, 1, 2, ... in turn, so every class costs its share), an unconditional one none.
   */
  public static GeneratedImages draw(DcganModel m, float[][] z) {
    if (!m.conditional()) return m.generate(z);
    int classes = m.classNames().size();
    int[] labels = new int[z.length];
    for (int i = 0; i < labels.length; i++) labels[i] = i % classes;
    return m.generate(z, labels);
  }

  /** Random pixels in the model's image shape, as {@code train --data fake} draws them. */
  static TUint8 randomBatch(int n, ModelSpec spec) {
    var bytes = new byte[Math.multiplyExact(n, spec.height() * spec.width() * spec.channels())];
    new Random(1).nextBytes(bytes);
    return TUint8.tensorOf(
        Shape.of(n, spec.height(), spec.width(), spec.channels()),
        DataBuffers.of(bytes, true, false));
  }

  /** "dcgan 64x64x3, ngf 64, ndf 64, latent 100". */
  static String describe(ModelSpec spec) {
    String widths =
        spec.architecture() == Architecture.DCGAN
            ? ", ngf " + spec.ngf() + ", ndf " + spec.ndf()
            : "";
    return spec.architecture().id()
        + " "
        + spec.height()
        + "x"
        + spec.width()
        + "x"
        + spec.channels()
        + widths
        + ", latent "
        + spec.latentSize();
  }

  /** Each weight layer's forward MACs per image, both counts. */
  private static List<Map<String, Object>> layerTable(List<LayerShape> g, List<LayerShape> d) {
    var rows = new ArrayList<Map<String, Object>>();
    for (var net : List.of(Map.entry("G", g), Map.entry("D", d))) {
      for (var l : net.getValue()) {
        var row = new LinkedHashMap<String, Object>();
        row.put("network", net.getKey());
        row.put("layer", l.name());
        row.put("kind", l.kind().name().toLowerCase(java.util.Locale.ROOT));
        row.put("in", List.of(l.inHeight(), l.inWidth(), l.inChannels()));
        row.put("out", List.of(l.outHeight(), l.outWidth(), l.outChannels()));
        row.put("macs", l.analyticMacs());
        row.put("macs_effective", l.effectiveMacs());
        rows.add(row);
      }
    }
    return rows;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** JVM uptime, for reports. */
  static long uptimeMillis() {
    return ManagementFactory.getRuntimeMXBean().getUptime();
  }
}
