package dev.dcgan.train.export;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.LatentNoise;
import dev.dcgan.inference.ModelMetadata;
import dev.dcgan.train.TestModels;
import dev.dcgan.train.training.RunFolder;
import dev.dcgan.train.training.Trainer;
import dev.dcgan.train.training.TrainingGraph;
import dev.dcgan.train.training.TrainingListener;
import dev.dcgan.train.util.Checkpoints;
import dev.dcgan.train.util.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Session;

class ExportTest {
  @TempDir static Path tmp;
  static Path run;
  static Path checkpoint;
  static RunFolder.ModelInfo info;

  @BeforeAll
  static void trainBriefly() throws IOException {
    run = tmp.resolve("run");
    var config = TestModels.tinyRun(run);
    checkpoint = new Trainer(config).train(new TrainingListener() {}).checkpoint();
    info = RunFolder.existing(run).readModelInfo();
  }

  static Path export(Path base) throws IOException {
    return GeneratorExporter.export(
        checkpoint,
        info.spec(),
        base,
        0,
        GeneratorExporter.Provenance.of(info.dataset())
            .at(1, 2)
            .seed(42)
            .extra(Map.of("note", "test"))
            .build());
  }

  /** G(z) in inference mode computed by the training graph restored from the checkpoint. */
  static float[] trainingGraphOutput(float[][] z) throws IOException {
    try (var graph = TrainingGraph.builder(info.spec(), 0).build();
        var session = new Session(graph.graph())) {
      session.restore(Checkpoints.variablesPrefix(checkpoint));
      return Tensors.run(session, graph.sampleHead().z(), z, graph.sampleHead().samples());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 64})
  void exportedModelReproducesTheTrainingGraph(int batch) throws IOException {
    Path version = export(tmp.resolve("models-" + batch).resolve("m"));
    var z = LatentNoise.gaussian(batch, info.spec().latentSize(), batch);
    float[] expected = trainingGraphOutput(z);
    try (var model = DcganModel.load(version)) {
      float[] actual = model.generate(z).pixels();
      assertEquals(expected.length, actual.length);
      float max = 0;
      for (int i = 0; i < expected.length; i++)
        max = Math.max(max, Math.abs(expected[i] - actual[i]));
      assertTrue(max <= 1e-5, "max difference " + max);
    }
  }

  @Test
  void layoutSignatureAndMetadataFollowTheContract() throws IOException {
    Path base = tmp.resolve("contract").resolve("dcgan-mnist");
    Path v1 = export(base);
    assertEquals(base.resolve("1"), v1);
    assertTrue(Files.isRegularFile(v1.resolve("saved_model.pb")));
    assertTrue(Files.isRegularFile(v1.resolve("variables").resolve("variables.index")));
    try (var model = DcganModel.load(base)) {
      assertEquals(100, model.latentSize());
      assertEquals(28, model.height());
      assertEquals(1, model.channels());
      ModelMetadata m = model.metadata().orElseThrow();
      assertEquals("mnist", m.dataset());
      assertEquals("tutorial", m.architecture());
      assertEquals(2, m.steps());
      assertEquals(0f, m.valueMin());
      assertEquals(1f, m.valueMax());
      assertEquals("test", m.extra().get("note"));
    }
    // Only G in inference mode: no discriminator, no optimizer slots, no dropout.
    var graphDef =
        new String(
            Files.readAllBytes(v1.resolve("saved_model.pb")),
            java.nio.charset.StandardCharsets.ISO_8859_1);
    assertFalse(graphDef.contains("discriminator."), "the export holds D");
    assertFalse(graphDef.contains("-m"), "the export holds Adam slots");
    assertFalse(graphDef.contains("StatelessRandomUniform"), "the export holds dropout");
    assertTrue(graphDef.contains("generator.dense.kernel"));
  }

  @Test
  void versionsAreNumberedAndNeverOverwritten() throws IOException {
    Path base = tmp.resolve("versions").resolve("m");
    assertEquals(base.resolve("1"), export(base));
    assertEquals(base.resolve("2"), export(base));
    Files.createDirectories(base.resolve("10"));
    assertEquals(base.resolve("11"), export(base));
    var e =
        assertThrows(
            IOException.class,
            () ->
                GeneratorExporter.export(
                    checkpoint,
                    info.spec(),
                    base,
                    2,
                    GeneratorExporter.Provenance.of("mnist").at(1, 2).seed(42).build()));
    assertTrue(e.getMessage().contains("never overwritten"), e.getMessage());
    try (var s = Files.list(base)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".tmp")));
    }
  }

  @Test
  void imagesDoNotDependOnTheRestOfTheBatch() throws IOException {
    try (var model = DcganModel.load(export(tmp.resolve("batch").resolve("m")))) {
      var z = model.sampleLatent(5, 9);
      var all = model.generate(z).pixels();
      var third = model.generate(new float[][] {z[2]}).pixels();
      int size = 28 * 28;
      for (int i = 0; i < size; i++) assertEquals(all[2 * size + i], third[i], 1e-6);
      assertArrayEquals(all, model.generate(z).pixels(), "same z, different images");
    }
  }

  @Test
  void wrongCheckpointGivesAClearError() {
    var e =
        assertThrows(
            IOException.class,
            () ->
                GeneratorExporter.export(
                    tmp,
                    info.spec(),
                    tmp.resolve("x"),
                    0,
                    GeneratorExporter.Provenance.of("mnist").at(1, 2).seed(42).build()));
    assertTrue(e.getMessage().contains("not a checkpoint"), e.getMessage());
    // A generator of another latent size cannot be restored from this checkpoint.
    var other = new dev.dcgan.train.model.ModelSpec(info.spec().architecture(), 64, 28, 28, 1);
    var e2 =
        assertThrows(
            IOException.class,
            () ->
                GeneratorExporter.export(
                    checkpoint,
                    other,
                    tmp.resolve("y"),
                    0,
                    GeneratorExporter.Provenance.of("mnist").at(1, 2).seed(42).build()));
    assertTrue(e2.getMessage().contains("cannot restore"), e2.getMessage());
  }
}
