package dev.dcgan.spark;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The spec: grid times random draws, the train flags of a trial, and the errors it names. */
class SweepSpecTest {
  @TempDir Path tmp;

  static SweepSpec parse(String json) throws SweepSpec.SpecException {
    return SweepSpec.parse(JsonParser.parseString(json).getAsJsonObject());
  }

  @Test
  void gridTimesRandomDrawsIsTheSameListEachTime() throws Exception {
    String json =
        """
        {"name": "g", "train": {"data": "fake", "spectral-norm": true},
         "grid": {"loss": ["hinge", "least-squares"], "seed": [1, 2]},
         "random": {"trials": 3, "seed": 7,
                    "params": {"lr-d": {"log-uniform": [1e-5, 1e-3]}, "ndf": {"int": [8, 16]}}},
         "metric": "g_loss", "eval-every": 0}
        """;
    var trials = parse(json).trials();
    assertEquals(2 * 2 * 3, trials.size());
    assertEquals(trials, parse(json).trials(), "a resumed sweep finds the same trials");
    assertEquals("t011", trials.get(11).id());
    assertEquals("least-squares", trials.get(11).params().get("loss"));
    assertEquals("2", trials.get(11).params().get("seed"));
    for (var t : trials) {
      double lr = Double.parseDouble(t.params().get("lr-d"));
      int ndf = Integer.parseInt(t.params().get("ndf"));
      assertTrue(lr >= 1e-5 && lr <= 1e-3, t.toString());
      assertTrue(ndf >= 8 && ndf <= 16, t.toString());
    }
    var args = parse(json).trainArgs(trials.get(0));
    assertEquals(
        List.of("--data", "fake", "--spectral-norm", "--loss", "hinge", "--seed", "1"),
        args.subList(0, 7));
  }

  @Test
  void relativeDataPathsBecomeAbsolute() throws Exception {
    var spec =
        parse("{\"grid\": {\"data\": [\"fake\", \"some/images\"]}}")
            .withDataPaths(SweepMain::dataPath);
    assertEquals("fake", spec.grid().get("data").get(0));
    assertEquals(
        Path.of("some/images").toAbsolutePath().normalize().toString(),
        spec.grid().get("data").get(1));
  }

  @Test
  void mistakesAreNamed() {
    var e = assertThrows(SweepSpec.SpecException.class, () -> parse("{\"grid\": {\"lr\": [1]}}"));
    assertTrue(e.getMessage().contains("grid.lr: not an option"), e.getMessage());
    e = assertThrows(SweepSpec.SpecException.class, () -> parse("{\"epoch\": 3}"));
    assertTrue(e.getMessage().contains("unknown field 'epoch'"), e.getMessage());
    e =
        assertThrows(
            SweepSpec.SpecException.class,
            () -> parse("{\"train\": {\"seed\": 1}, \"grid\": {\"seed\": [1, 2]}}"));
    assertTrue(e.getMessage().contains("seed is both swept and fixed"), e.getMessage());
    e = assertThrows(SweepSpec.SpecException.class, () -> parse("{\"eval-every\": 0}"));
    assertTrue(e.getMessage().contains("metric fcd needs eval-every"), e.getMessage());
  }

  @Test
  void badSpecIsAUsageErrorExit2() throws Exception {
    Path spec = tmp.resolve("sweep.json");
    Files.writeString(spec, "{\"metric\": \"is\"}");
    var err = new ByteArrayOutputStream();
    int code =
        SweepMain.run(
            new String[] {"--spec", spec.toString()},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("metric 'is': fcd or g_loss"),
        err.toString());
    assertEquals(
        2,
        SweepMain.run(
            new String[] {},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(new ByteArrayOutputStream())));
  }

  @Test
  void outIsAPathOrAFileUrl() throws Exception {
    assertEquals(Path.of("/shared/s"), SweepMain.outPath("file:///shared/s"));
    assertEquals(Path.of("runs/s"), SweepMain.outPath("runs/s"));
    var e =
        assertThrows(
            org.apache.commons.cli.ParseException.class,
            () -> SweepMain.outPath("hdfs://nn/sweeps"));
    assertTrue(e.getMessage().contains("storage every node mounts"), e.getMessage());
  }

  @Test
  void localMastersGetRetries() {
    assertEquals("local[2,4]", Sweep.withRetries("local[2]", 4));
    assertEquals("local[*,3]", Sweep.withRetries("local[*]", 3));
    assertEquals("local[1,4]", Sweep.withRetries("local", 4));
    assertEquals("spark://h:7077", Sweep.withRetries("spark://h:7077", 4));
  }

  /** Every option of the table a sweep may set: precision and max-image-pixels among them. */
  @Test
  void everyTrainOptionOfTheTableCanBeSwept() throws Exception {
    for (var row : dev.dcgan.train.options.TrainOptions.usedIn(dev.dcgan.train.options.Use.TRAIN)) {
      // The sweep's own, and data parallelism: a trial is one process.
      boolean own =
          Set.of("epochs", "eval-every", "run-dir", "workers", "sync-batch-norm")
              .contains(row.name());
      assertEquals(!own, SweepSpec.TRAIN_OPTIONS.contains(row.name()), row.name());
    }
    var spec =
        parse(
            """
            {"train": {"data": "fake", "max-image-pixels": 1000000},
             "grid": {"precision": ["fp32", "bf16"]}, "metric": "g_loss", "eval-every": 0}
            """);
    assertEquals(
        List.of("--data", "fake", "--max-image-pixels", "1000000", "--precision", "bf16"),
        spec.trainArgs(spec.trials().get(1)));
  }

  /** A sweep compares no augmentation, DiffAugment and ADA's adaptive p, on a background. */
  @Test
  void augmentationAndBackgroundCanBeSwept() throws Exception {
    var spec =
        parse(
            """
            {"train": {"data": "fake", "augment": "color,translation,cutout", "background": "black"},
             "grid": {"augment-p": ["1", "auto"]}, "metric": "g_loss", "eval-every": 0}
            """);
    assertEquals(
        List.of(
            "--data",
            "fake",
            "--augment",
            "color,translation,cutout",
            "--background",
            "black",
            "--augment-p",
            "auto"),
        spec.trainArgs(spec.trials().get(1)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"grid\": {\"ndf\": [8, 0]}}|grid.ndf must be at least 1, got 0",
        "{\"train\": {\"ema\": 1}}|train.ema must be between 0 and 1 (0 included, 1 excluded)",
        "{\"train\": {\"precision\": \"fp16\"}}|train.precision takes fp32",
        "{\"grid\": {\"loss\": [\"hinge\", \"l1\"]}}|grid.loss: unknown loss 'l1'",
        "{\"epochs\": 3000000000}|epochs must be at most 2147483647, got 3000000000",
        "{\"epochs\": 2.5}|epochs takes a whole number, got '2.5'",
        "{\"random\": {\"trials\": 2, \"params\": {\"seed\": {\"int\": [0, 1e20]}}}}|random.params.seed.int: bounds are whole numbers between -2^53 and 2^53",
        "{\"random\": {\"trials\": 2, \"params\": {\"lr-d\": {\"uniform\": [\"a\", 1]}}}}|random.params.lr-d.uniform: bounds are numbers, not",
        "{\"random\": {\"trials\": 2, \"params\": {\"lr-d\": {\"uniform\": [0.1, Infinity]}}}}|random.params.lr-d.uniform: bounds are numbers, not",
        "{\"random\": {\"trials\": 2, \"params\": {\"ndf\": {\"uniform\": [8, 16]}}}}|random.params.ndf.uniform: uniform draws real numbers, and ndf takes whole numbers: use int",
        "{\"random\": {\"trials\": 2, \"params\": {\"ndf\": {\"int\": [0, 16]}}}}|random.params.ndf.int must be at least 1, got 0",
        "{\"grid\": {\"conditioning\": [\"input\"]}}|--conditioning needs --conditional",
        "{\"grid\": {\"augment-p\": [\"auto\", \"0.5\"]}}|--augment-p needs --augment",
        "{\"train\": {\"augment\": \"color\", \"augment-p\": \"2\"}}|--augment-p takes auto or a"
            + " probability in [0, 1], got 2",
        "{\"grid\": {\"background\": [\"white\", \"pink\"]}}|--background takes white, black,"
            + " gray or #RRGGBB, got 'pink'"
      })
  void valuesAreCheckedByTheirOptionsCodec(String json, String message) {
    var e = assertThrows(SweepSpec.SpecException.class, () -> parse(json));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
