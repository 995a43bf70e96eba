package dev.dcgan.train.cli;

import static dev.dcgan.train.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonParser;
import dev.dcgan.inference.ModelMetadata;
import dev.dcgan.train.TestData;
import dev.dcgan.train.export.GeneratorExporter;
import dev.dcgan.train.training.RunFolder;
import dev.dcgan.train.util.Checkpoints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** train-classifier, evaluate, and the evaluation that export records, through the command line. */
class EvaluateCommandTest {
  @TempDir static Path tmp;
  static Path models;
  static Path classifier;
  static Path runDir;
  static Path generator;

  @BeforeAll
  static void classifierAndGenerator() {
    models = tmp.resolve("models");
    classifier = models.resolve("classifier-mnist");
    var c =
        run(
            "train-classifier",
            "--data",
            TestData.mnist().toString(),
            "--limit",
            "1000",
            "--epochs",
            "1",
            "--batch-size",
            "16",
            "--features",
            "16",
            "--out",
            classifier.toString());
    assertEquals(0, c.code(), c.err());
    assertTrue(
        c.out().contains("epoch 1/1") && c.out().contains("exported " + classifier.resolve("1")),
        c.out());

    runDir = tmp.resolve("run");
    generator = tmp.resolve("dcgan");
    var t = MainTest.trainTiny(runDir, "--export", generator.toString(), "--no-eval");
    assertEquals(0, t.code(), t.err());
  }

  @Test
  void evaluateAModelAsJsonAndASamplesFileAsATable() throws IOException {
    var r = evaluate(generator, "120", "--json");
    assertEquals(0, r.code(), r.err());
    var json = JsonParser.parseString(r.out()).getAsJsonObject();
    assertEquals(
        120, json.getAsJsonObject("generated").getAsJsonObject("classes").get("images").getAsInt());
    assertEquals(
        120, json.getAsJsonObject("floor").getAsJsonObject("classes").get("images").getAsInt());
    assertTrue(json.getAsJsonObject("generated").get("fcd").getAsDouble() > 0);
    assertEquals("mnist", json.get("dataset").getAsString());
    assertEquals(generator.resolve("1").toString(), json.get("source").getAsString());

    // Real images written as the peer writes its samples: raw little-endian float32 NHWC in [0, 1].
    var train =
        dev.dcgan.train.data.DataSets.load(TestData.mnist(), dev.dcgan.train.data.Split.TRAIN);
    int n = 60;
    var bytes = ByteBuffer.allocate(n * 784 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n * 784; i++)
      bytes.putFloat((train.pixels()[30_000 * 784 + i] & 0xff) / 255f);
    Path samples = tmp.resolve("samples.f32");
    Files.write(samples, bytes.array());
    var s = run("evaluate", "--samples", samples.toString(), "--classifier", classifier.toString());
    assertEquals(0, s.code(), s.err());
    assertTrue(s.out().contains("evaluation of " + samples), s.out());
    assertTrue(
        s.out().matches("(?s).*generated\\s+60\\s.*real train \\(floor\\)\\s+60\\s.*"), s.out());
    assertTrue(s.out().contains("mode collapse:"), s.out());

    Files.write(tmp.resolve("short.f32"), java.util.Arrays.copyOf(bytes.array(), 784 * 4 + 4));
    var bad =
        run(
            "evaluate",
            "--samples",
            tmp.resolve("short.f32").toString(),
            "--classifier",
            classifier.toString());
    assertEquals(1, bad.code());
    assertTrue(
        bad.err().contains("3140 bytes is not a whole number of 28x28x1 float32 images"),
        bad.err());
  }

  @Test
  void exportRecordsTheEvaluationAndInspectShowsIt() throws IOException {
    var out = new ByteArrayOutputStream();
    var console = new PrintStream(out, true, StandardCharsets.UTF_8);
    var info = RunFolder.existing(runDir).readModelInfo();
    Path base = tmp.resolve("exported");
    var plan = new ExportEvaluation.Plan(true, 80, models);
    Path version =
        GeneratorExporter.export(
            Checkpoints.latestOf(runDir),
            info.spec(),
            base,
            0,
            GeneratorExporter.Provenance.of("mnist").at(1, 2).seed(42).build(),
            plan.review("mnist", base, console));
    assertTrue(
        out.toString(StandardCharsets.UTF_8).contains("real train (floor)"),
        out.toString(StandardCharsets.UTF_8));
    var extra = ModelMetadata.read(version).extra();
    assertTrue(
        extra.get("evaluation") instanceof Map<?, ?> e
            && e.get("generated") instanceof Map<?, ?> g
            && ((Number) g.get("fcd")).doubleValue() > 0,
        String.valueOf(extra));
    // The export's absolute temporary folder is under neither the project nor the working
    // directory: the metadata records its name alone, no path of this machine.
    var evaluation = (Map<?, ?>) extra.get("evaluation");
    assertEquals("exported (at export)", evaluation.get("source"), "source");
    assertFalse(Path.of((String) evaluation.get("classifier")).isAbsolute(), "classifier");

    var inspect = run("inspect", "--model", base.toString());
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(
        inspect.out().contains("\"evaluation\"") && inspect.out().contains("\"fcd\""),
        inspect.out());

    // No classifier for the data set, or --no-eval: exported without an evaluation, and said so.
    out.reset();
    Path v2 =
        GeneratorExporter.export(
            Checkpoints.latestOf(runDir),
            info.spec(),
            base,
            0,
            GeneratorExporter.Provenance.of("fashion-mnist").at(1, 2).seed(42).build(),
            plan.review("fashion-mnist", base, console));
    assertTrue(
        out.toString(StandardCharsets.UTF_8)
            .contains("evaluation skipped: no classifier for fashion-mnist"),
        out.toString(StandardCharsets.UTF_8));
    assertNull(ModelMetadata.read(v2).extra().get("evaluation"));
    var noEval =
        run("export", "--checkpoint", runDir.toString(), "--out", base.toString(), "--no-eval");
    assertEquals(0, noEval.code(), noEval.err());
    assertNull(ModelMetadata.read(base.resolve("3")).extra().get("evaluation"));
  }

  @Test
  void runtimeFailuresExitOne() {
    var missing =
        run(
            "evaluate",
            "--model",
            generator.toString(),
            "--classifier",
            tmp.resolve("nope").toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("no classifier there"), missing.err());
    var noData =
        run(
            "evaluate",
            "--model",
            generator.toString(),
            "--classifier",
            classifier.toString(),
            "--data",
            tmp.resolve("no-data").toString());
    assertEquals(1, noData.code());
    assertTrue(noData.err().contains("no such file or folder"), noData.err());
    var noSamples =
        run(
            "evaluate",
            "--samples",
            tmp.resolve("none.f32").toString(),
            "--classifier",
            classifier.toString());
    assertEquals(1, noSamples.code());
    assertTrue(noSamples.err().contains("none.f32"), noSamples.err());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "evaluate|give exactly one of --model DIR and --samples FILE",
        "evaluate --model a --samples b|give exactly one of --model DIR and --samples FILE",
        "evaluate --model a --count 1|--count must be at least 2",
        "evaluate --model a --seed x|--seed takes a whole number",
        "evaluate --model a --background pink|--background takes white, black, gray or #RRGGBB,"
            + " got 'pink'",
        "train-classifier|Missing required option: data",
        "train-classifier --data d --epochs 0|--epochs must be at least 1",
        "train-classifier --data d --epochs 2 --fine-tune-epochs 3|--fine-tune-epochs must be at most --epochs",
        "train-classifier --data d --lr 0|--lr must be between",
        "export --checkpoint c --out o --eval-count 1|--eval-count must be at least 2",
        "train --eval-count x|--eval-count takes a whole number"
      })
  void badUsageExitsTwo(String args, String message) {
    var r = run(args.split(" "));
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(message), r.err());
  }

  @Test
  void aCountThatCannotFitIsRefusedWithTheFigures() {
    var r = evaluate(generator, "2000000000");
    assertEquals(2, r.code(), r.err());
    assertTrue(
        r.err().contains("--count 2000000000: 2000000000 images of 28x28x1 to evaluate need"),
        r.err());
    assertTrue(r.err().contains(" GB heap may go to them); lower --count"), r.err());
  }

  @Test
  void aSamplesFileTooBigForTheHeapIsRefusedBeforeItIsRead(@TempDir Path dir) throws IOException {
    Path samples = dir.resolve("huge.f32");
    long images = 400_000; // 1.25 GB of float32, 3.7 GB while evaluated
    try (var file = new java.io.RandomAccessFile(samples.toFile(), "rw")) {
      file.setLength(images * 28 * 28 * 4); // sparse: nothing written
    }
    var r =
        run(
            "evaluate",
            "--samples",
            samples.toString(),
            "--classifier",
            classifier.toString(),
            "--count",
            "" + images);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(samples + ": 400000 images of 28x28x1 to evaluate need"), r.err());
    assertTrue(r.err().contains("--count N"), r.err());
  }

  @Test
  void anEvalCountThatCannotFitSkipsTheEvaluationWithTheFigures() throws IOException {
    var out = new ByteArrayOutputStream();
    var console = new PrintStream(out, true, StandardCharsets.UTF_8);
    var extra =
        new ExportEvaluation.Plan(true, 2_000_000_000, models)
            .review("mnist", generator, console)
            .extraFor(generator.resolve("1"));
    assertTrue(extra.isEmpty(), "no evaluation recorded: " + extra);
    String said = out.toString(StandardCharsets.UTF_8);
    assertTrue(
        said.contains("evaluation skipped: --eval-count 2000000000: 2000000000 images of 28x28x1"),
        said);
    assertTrue(said.contains("lower --eval-count"), said);
  }

  /**
   * A model with a latent code (the default, 10 values): evaluate adds which classes each code
   * draws, count / K images a code, as a table and in the JSON; a model without one has no table.
   */
  @Test
  void aCodedModelIsEvaluatedPerCode() {
    var table = evaluate(generator, "120");
    assertEquals(0, table.code(), table.err());
    assertTrue(
        table.out().contains("the latent code's values (12 images each), classified: mean purity"),
        table.out());
    var rows = table.out().lines().filter(l -> l.matches("^\\d +\\d \\d+% .*")).toList();
    assertEquals(10, rows.size(), table.out());
    var json =
        JsonParser.parseString(evaluate(generator, "120", "--json").out())
            .getAsJsonObject()
            .getAsJsonObject("codes");
    assertEquals(12, json.get("perCode").getAsInt());
    var counts = json.getAsJsonArray("counts");
    assertEquals(10, counts.size());
    for (var row : counts) {
      int sum = 0;
      for (var n : row.getAsJsonArray()) sum += n.getAsInt();
      assertEquals(12, sum, "every image of a code is classified once");
    }

    Path plain = tmp.resolve("plain");
    var t =
        MainTest.trainTiny(
            tmp.resolve("plain-run"),
            "--latent-code",
            "0",
            "--export",
            plain.toString(),
            "--no-eval");
    assertEquals(0, t.code(), t.err());
    var r = evaluate(plain, "120");
    assertEquals(0, r.code(), r.err());
    assertFalse(r.out().contains("latent code"), "no code, no table: " + r.out());
  }

  /** {@code evaluate --model model --classifier <the tests' classifier> --count count ...}. */
  private static MainTest.Run evaluate(Path model, String count, String... more) {
    var args =
        new java.util.ArrayList<>(java.util.List.of("evaluate", "--model", model.toString()));
    args.addAll(java.util.List.of("--classifier", classifier.toString(), "--count", count));
    args.addAll(java.util.List.of(more));
    return run(args.toArray(String[]::new));
  }
}
