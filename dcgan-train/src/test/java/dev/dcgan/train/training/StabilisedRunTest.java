package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.LatentNoise;
import dev.dcgan.inference.ModelMetadata;
import dev.dcgan.train.export.GeneratorExporter;
import dev.dcgan.train.model.Architecture;
import dev.dcgan.train.model.CriticOptions;
import dev.dcgan.train.model.Generator;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.model.PixelRange;
import dev.dcgan.train.nn.Mode;
import dev.dcgan.train.nn.Variables;
import dev.dcgan.train.util.Checkpoints;
import dev.dcgan.train.util.Tensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Runs with --spectral-norm and --ema: checkpoint, resume, what evaluation draws, export and old
 * run folders.
 */
class StabilisedRunTest {
  static final float EMA = 0.999f;

  @TempDir static Path tmp;
  static Path straight;
  static ModelSpec spec;

  /** Tiny dcgan networks on fake 16x16 images: 4 steps an epoch. */
  static TrainConfig.Builder tiny(Path runDir) {
    // A large learning rate, so that G moves well away from its average in a few steps.
    var adam = AdamConfig.DCGAN.withLearningRate(0.01f);
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
        .dAdam(adam)
        .gAdam(adam)
        .epochs(2)
        .seed(5)
        .spectralNorm(true)
        .ema(EMA)
        .runDir(runDir.toString());
  }

  @BeforeAll
  static void trainStraight() throws IOException {
    straight = tmp.resolve("straight");
    var result = new Trainer(tiny(straight).build()).train(new TrainingListener() {});
    assertEquals(8, result.steps());
    spec = result.spec();
  }

  /** Every variable of a checkpoint that spectral norm and the EMA add or keep, by name. */
  static Map<String, float[]> variables(Path checkpoint) throws IOException {
    var ema = new EmaGenerator(spec, 0, EMA);
    try (var graph =
            TrainingGraph.builder(spec, 0)
                .critic(CriticOptions.STANDARD.withSpectralNorm(true))
                .afterGenerator(List.of(ema))
                .build();
        var session = new Session(graph.graph())) {
      session.restore(Checkpoints.variablesPrefix(checkpoint));
      var vars = new ArrayList<Variable<TFloat32>>(graph.generator().variables().all());
      vars.addAll(graph.discriminator().variables().all());
      vars.addAll(ema.generator().variables().all());
      var values = new LinkedHashMap<String, float[]>();
      var runner = session.runner();
      vars.forEach(runner::fetch);
      runner.fetch(ema.average().updates());
      try (Result r = runner.run()) {
        for (int i = 0; i < vars.size(); i++)
          values.put(vars.get(i).op().name(), Tensors.toArray((TFloat32) r.get(i)));
        values.put("t", new float[] {((TInt64) r.get(vars.size())).getLong()});
      }
      return values;
    }
  }

  @Test
  void configRecordsBothForResumeAndExport() throws IOException {
    var config = RunFolder.existing(straight).readConfig();
    assertTrue(config.network().spectralNorm());
    assertEquals(EMA, config.optimisation().ema());
  }

  @Test
  void aResumedRunRepeatsTheUninterruptedOne() throws IOException {
    Path interrupted = tmp.resolve("interrupted");
    var trainer = new Trainer(tiny(interrupted).build());
    var first = TrainerTest.stopAfter(trainer, 2);
    assertTrue(first.stopped());
    var second = Trainer.resume(interrupted, 0).train(new TrainingListener() {});
    assertEquals(8, second.steps());

    var a = Files.readAllLines(straight.resolve("losses.csv"));
    var b = Files.readAllLines(interrupted.resolve("losses.csv"));
    assertEquals(a, b, "losses.csv");

    var expected = variables(Checkpoints.latestOf(straight));
    var actual = variables(second.checkpoint());
    assertEquals(expected.keySet(), actual.keySet());
    assertTrue(expected.keySet().stream().anyMatch(n -> n.endsWith(".sn_u")), "no u checked");
    assertEquals(8f, actual.get("t")[0], "t counts every G update across the resume");
    for (var name : expected.keySet())
      assertArrayEquals(expected.get(name), actual.get(name), 1e-6f, name);
  }

  @Test
  void whatAnEpochHandsItsListenersToDrawFromIsTheEmaGenerator() throws IOException {
    // Evaluation (--eval-every) measures the epoch summary's generator: with --ema, the shadow.
    Path run = tmp.resolve("evaluated");
    var z = LatentNoise.gaussian(5, spec.latentSize(), 2);
    var drawn = new float[1][];
    var result =
        new Trainer(tiny(run).epochs(1).build())
            .train(
                new TrainingListener() {
                  @Override
                  public void onEpoch(EpochSummary s) {
                    drawn[0] = s.generator().draw(z);
                  }
                });
    assertArrayEquals(shadowGenerator(result.checkpoint(), z), drawn[0], 1e-6f);
  }

  @Test
  void theExportHoldsTheEmaWeightsUnderGsNamesAndSaysSo() throws IOException {
    Path checkpoint = Checkpoints.latestOf(straight);
    Path averaged =
        GeneratorExporter.export(
            checkpoint,
            spec,
            tmp.resolve("models").resolve("ema"),
            0,
            GeneratorExporter.Provenance.of("fake").at(2, 8).seed(5).ema(EMA).build());
    Path raw =
        GeneratorExporter.export(
            checkpoint,
            spec,
            tmp.resolve("models").resolve("raw"),
            0,
            GeneratorExporter.Provenance.of("fake").at(2, 8).seed(5).build());

    var z = LatentNoise.gaussian(6, spec.latentSize(), 1);
    float[] shadow = shadowGenerator(checkpoint, z);
    try (var ema = DcganModel.load(averaged);
        var own = DcganModel.load(raw)) {
      float[] fromEma = ema.generate(z).pixels();
      float[] fromRaw = own.generate(z).pixels();
      assertArrayEquals(shadow, fromEma, 1e-5f, "the export is not the shadow generator");
      double apart = 0;
      for (int i = 0; i < shadow.length; i++)
        apart = Math.max(apart, Math.abs(fromRaw[i] - fromEma[i]));
      assertTrue(apart > 1e-4, "the EMA export draws G's own images: " + apart);
      assertEquals(EMA, ((Number) ema.metadata().orElseThrow().extra().get("ema")).floatValue());
      assertFalse(own.metadata().orElseThrow().extra().containsKey("ema"));
    }

    // The contract's names, and nothing of training: no D, no u, no shadow names.
    var graphDef =
        new String(
            Files.readAllBytes(averaged.resolve("saved_model.pb")), StandardCharsets.ISO_8859_1);
    assertTrue(graphDef.contains("generator.project.kernel"));
    assertFalse(graphDef.contains("generator_ema"), "the export holds shadow names");
    assertFalse(graphDef.contains("discriminator."), "the export holds D");
    assertFalse(graphDef.contains("sn_u"), "the export holds spectral norm");
    assertEquals(ModelMetadata.read(raw).latentSize(), ModelMetadata.read(averaged).latentSize());
  }

  @Test
  void exportingTheEmaOfARunWithoutOneSaysWhy() throws IOException {
    Path old = tmp.resolve("no-ema");
    var result =
        new Trainer(tiny(old).spectralNorm(false).ema(0f).epochs(1).build())
            .train(new TrainingListener() {});
    var e =
        assertThrows(
            IOException.class,
            () ->
                GeneratorExporter.export(
                    result.checkpoint(),
                    spec,
                    tmp.resolve("models").resolve("none"),
                    0,
                    GeneratorExporter.Provenance.of("fake").at(1, 4).seed(5).ema(EMA).build()));
    assertTrue(e.getMessage().contains("was the run trained with --ema?"), e.getMessage());
  }

  @Test
  void aRunFolderWrittenBeforeTheFlagsResumesWithBothOff() throws IOException {
    Path old = tmp.resolve("old");
    new Trainer(tiny(old).spectralNorm(false).ema(0f).epochs(1).build())
        .train(new TrainingListener() {});
    // config.json as the version before these flags wrote it.
    Path file = old.resolve(RunFolder.CONFIG);
    JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    json.getAsJsonObject("network").remove("spectral-norm");
    json.getAsJsonObject("optimisation").remove("ema");
    Files.writeString(file, json.toString());

    var config = RunFolder.existing(old).readConfig();
    assertFalse(config.network().spectralNorm());
    assertEquals(0f, config.optimisation().ema());
    assertEquals(8, Trainer.resume(old, 2).train(new TrainingListener() {}).steps());
  }

  /** G over the checkpoint's shadow variables, in inference mode, in [0, 1]. */
  static float[] shadowGenerator(Path checkpoint, float[][] z) throws IOException {
    try (var graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var input =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.latentSize())));
      var g = spec.newGenerator(Variables.restored(tf, Generator.EMA_NETWORK));
      var images = PixelRange.toImageRange(tf, g.forward(tf, input, Mode.INFER).output());
      try (var session = new Session(graph)) {
        session.restore(Checkpoints.variablesPrefix(checkpoint));
        return Tensors.run(session, input, z, images);
      }
    }
  }
}
