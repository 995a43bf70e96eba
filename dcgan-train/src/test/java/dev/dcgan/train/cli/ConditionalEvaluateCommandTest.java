package dev.dcgan.train.cli;

import static dev.dcgan.train.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dcgan.inference.ModelMetadata;
import dev.dcgan.train.TestData;
import dev.dcgan.train.export.GeneratorExporter;
import dev.dcgan.train.training.RunFolder;
import dev.dcgan.train.util.Checkpoints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class-conditional MNIST model measured with the shipped classifier: its preview, the evaluation
 * at export, and {@code evaluate --cas}.
 */
class ConditionalEvaluateCommandTest {
  static final Path SHIPPED = TestData.root().resolve("models");

  @Test
  void aConditionalModelIsEvaluatedAtExportAndOnDemand(@TempDir Path tmp) throws IOException {
    Path runDir = tmp.resolve("run");
    var t =
        MainTest.trainTiny(
            runDir, "--conditional", "--export", tmp.resolve("first").toString(), "--no-eval");
    assertEquals(0, t.code(), t.err());

    // The preview: eight columns, one row per class.
    var preview = ImageIO.read(runDir.resolve("generated.png").toFile());
    assertNotNull(preview);
    assertTrue(preview.getHeight() > preview.getWidth(), "ten rows of eight");

    // At export, with the shipped classifier: the conditional fields, 20 images a class.
    var out = new ByteArrayOutputStream();
    var console = new PrintStream(out, true, StandardCharsets.UTF_8);
    var info = RunFolder.existing(runDir).readModelInfo();
    Path models = tmp.resolve("cgan");
    Path version =
        GeneratorExporter.export(
            Checkpoints.latestOf(runDir),
            info.spec(),
            models,
            0,
            GeneratorExporter.Provenance.of("mnist")
                .at(1, 2)
                .seed(42)
                .classes(info.classes())
                .build(),
            new ExportEvaluation.Plan(true, 200, SHIPPED).review("mnist", models, console));
    String said = out.toString(StandardCharsets.UTF_8);
    assertTrue(said.contains("classified as asked"), said);
    var evaluation = ModelMetadata.read(version).extra().get("evaluation");
    assertTrue(
        evaluation instanceof Map<?, ?> e
            && e.get("conditional") instanceof Map<?, ?> c
            && c.get("classes") instanceof List<?> classes
            && classes.size() == 10
            && classes.get(4) instanceof Map<?, ?> four
            && ((Number) four.get("images")).intValue() == 20
            && four.get("fcd") instanceof Number
            && ((Number) c.get("accuracy")).doubleValue() >= 0,
        String.valueOf(evaluation));

    var r =
        run(
            "evaluate",
            "--model",
            models.toString(),
            "--classifier",
            SHIPPED.resolve("classifier-mnist").toString(),
            "--data",
            TestData.mnist().toString(),
            "--count",
            "50",
            "--cas",
            "20",
            "--cas-epochs",
            "1",
            "--json");
    assertEquals(0, r.code(), r.err());
    JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
    var perClass = json.getAsJsonObject("conditional").getAsJsonArray("classes");
    assertEquals(10, perClass.size());
    assertEquals(5, perClass.get(9).getAsJsonObject().get("images").getAsInt());
    var cas = json.getAsJsonObject("cas");
    assertEquals(20, cas.get("perClass").getAsInt());
    assertEquals(10_000, cas.get("testImages").getAsInt());
    double real = cas.get("realAccuracy").getAsDouble();
    double generated = cas.get("generatedAccuracy").getAsDouble();
    assertTrue(real > 0 && real <= 1 && generated >= 0 && generated <= 1, cas.toString());
    assertEquals(generated / real, cas.get("ratio").getAsDouble(), 1e-12);
  }

  @Test
  void casNeedsAConditionalModel() {
    var shipped = dev.dcgan.train.ShippedModels.dcganMnist().toString();
    var classifier = SHIPPED.resolve("classifier-mnist").toString();
    var r = run("evaluate", "--model", shipped, "--classifier", classifier, "--cas", "5");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--cas needs a class-conditional model"), r.err());
    var s = run("evaluate", "--samples", "x.f32", "--cas", "5");
    assertEquals(2, s.code(), s.err());
    assertTrue(s.err().contains("--cas needs a class-conditional --model"), s.err());
    var zero = run("evaluate", "--model", shipped, "--cas", "0");
    assertEquals(2, zero.code(), zero.err());
  }
}
