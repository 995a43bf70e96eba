package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line in-process: exit codes, messages, and a tiny train-export-generate round. */
class MainTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        new Main(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** {@code dcgan train}: one epoch of two MNIST batches into {@code runDir}, then {@code more}. */
  static Run trainTiny(Path runDir, String... more) {
    var args = new ArrayList<>(List.of("train", "--data", TestData.mnist().toString()));
    args.addAll(List.of("--limit", "128", "--batch-size", "64", "--epochs", "1"));
    args.addAll(List.of("--run-dir", runDir.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  @Test
  void noArgumentsIsUsage() {
    var r = run();
    assertEquals(2, r.code());
    assertTrue(r.err().contains("usage: dcgan <command>"), r.err());
  }

  @Test
  void sweepIsListedAndPointsToDcganSpark() {
    assertTrue(run("--help").out().contains("sweep "), "the overview lists sweep");
    var r = run("sweep", "--spec", "sweep.json");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("dev.dcgan.spark.SweepMain"), r.err());
  }

  @Test
  void helpEverywhere() {
    assertEquals(0, run("--help").code());
    for (String c :
        new String[] {
          "train",
          "generate",
          "export",
          "inspect",
          "bench",
          "evaluate",
          "compare",
          "train-classifier"
        }) {
      var r = run(c, "--help");
      assertEquals(0, r.code(), c);
      assertTrue(r.out().contains("usage: dcgan " + c), r.out());
      assertTrue(r.out().contains("--verbose"), r.out());
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "frobnicate|unknown command",
        "train --epochs zero|--epochs takes a whole number",
        "train --epochs 0|--epochs must be at least 1",
        "train --batch-size -3|--batch-size must be at least 1",
        "train --lr-d 0|--lr-d must be between",
        "train --beta1 1|--beta1 must be between",
        "train --arch vgg|unknown architecture",
        "train --no-such-flag|Unrecognized option",
        "train --resume somewhere --seed 3|cannot change a resumed run",
        "train --resume somewhere --max-image-pixels 100|cannot change a resumed run",
        "train --ema 1|--ema must be between 0 and 1 (0 included, 1 excluded)",
        "train --resume somewhere --ema 0.9|cannot change a resumed run",
        "train --workers 3|--batch-size 32 does not split evenly over --workers 3",
        "train --sync-batch-norm|--sync-batch-norm needs --workers 2 or more",
        "train --spark-master local[2] --workers 2|--spark-master is read by the dcgan script",
        "train --resume somewhere --sync-batch-norm|cannot change a resumed run",
        "train --resume somewhere --spectral-norm|cannot change a resumed run",
        "generate|Missing required option: model",
        "generate --model m --count 0|--count must be at least 1",
        "generate --model m --out grid.jpg|--out must name a .png file",
        "export --checkpoint x|Missing required option: out",
        "bench --steps x|--steps takes a whole number",
        "train stray|unexpected argument 'stray'"
      })
  void badUsageExitsTwoWithTheProblemAndTheUsage(String args, String message) {
    var r = run(args.split(" "));
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(message), r.err());
    assertTrue(r.err().contains("usage: dcgan"), r.err());
  }

  @Test
  void runtimeFailuresExitOneWithOneLine(@TempDir Path tmp) throws Exception {
    var r = run("generate", "--model", tmp.resolve("nope").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("dcgan generate: Model folder not found"), r.err());
    assertFalse(r.err().contains("\tat "), "stack trace without --verbose");

    var verbose = run("generate", "--model", tmp.resolve("nope").toString(), "--verbose");
    assertEquals(1, verbose.code());
    assertTrue(verbose.err().contains("\tat "), "no stack trace with --verbose");

    var badData =
        run(
            "train",
            "--data",
            tmp.resolve("missing").toString(),
            "--run-dir",
            tmp.resolve("r").toString());
    assertEquals(1, badData.code());
    assertTrue(badData.err().contains("no such file or folder"), badData.err());

    Files.writeString(tmp.resolve("junk.gz"), "not gzip");
    var corrupt =
        run(
            "train",
            "--data",
            tmp.resolve("junk.gz").toString(),
            "--run-dir",
            tmp.resolve("r2").toString());
    assertEquals(1, corrupt.code());
    assertTrue(corrupt.err().contains("junk.gz"), corrupt.err());

    var notARun =
        run("export", "--checkpoint", tmp.toString(), "--out", tmp.resolve("m").toString());
    assertEquals(1, notARun.code());
    assertTrue(
        notARun.err().contains("no checkpoint") || notARun.err().contains("not a run folder"),
        notARun.err());
  }

  @Test
  void trainExportInspectGenerate(@TempDir Path tmp) throws Exception {
    Path runDir = tmp.resolve("run");
    Path models = tmp.resolve("models").resolve("digits");
    var train = trainTiny(runDir, "--export", models.toString());
    assertEquals(0, train.code(), train.err());
    assertTrue(train.out().contains("epoch 1/1"), train.out());
    assertTrue(train.out().contains("exported " + models.resolve("1")), train.out());
    assertTrue(Files.isRegularFile(runDir.resolve("generated.png")));

    // --metadata: a JSON object's entries join the metadata's extra (dcgan sweep names itself so).
    Path meta = tmp.resolve("meta.json");
    Files.writeString(meta, "{\"sweep\": {\"name\": \"s\", \"trial\": \"t007\"}}");
    var export =
        run(
            "export",
            "--checkpoint",
            runDir.toString(),
            "--out",
            models.toString(),
            "--metadata",
            meta.toString());
    assertEquals(0, export.code(), export.err());
    assertTrue(Files.isRegularFile(models.resolve("2").resolve("saved_model.pb")));
    String written = dev.dcgan.inference.ModelMetadata.read(models.resolve("2")).toJson();
    assertTrue(written.contains("\"trial\": \"t007\""), written);
    Files.writeString(meta, "[1, 2]");
    var notAnObject =
        run(
            "export",
            "--checkpoint",
            runDir.toString(),
            "--out",
            models.toString(),
            "--metadata",
            meta.toString());
    assertEquals(2, notAnObject.code());
    assertTrue(notAnObject.err().contains("not a JSON object"), notAnObject.err());

    var inspect = run("inspect", "--model", models.toString());
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(
        inspect.out().contains("signature 'serving_default' (method tensorflow/serving/predict)"),
        inspect.out());
    assertTrue(inspect.out().contains("input  z: float [-1, 100]"), inspect.out());
    assertTrue(inspect.out().contains("output images: float [-1, 28, 28, 1]"), inspect.out());
    assertTrue(inspect.out().contains("\"latentSize\": 100"), inspect.out());
    assertTrue(inspect.out().contains("all on the allow-list"), inspect.out());
    assertTrue(inspect.out().contains("DCGAN generator: yes, z of 100 -> 28x28x1"), inspect.out());

    Path grid = tmp.resolve("grid.png");
    var gen =
        run(
            "generate",
            "--model",
            models.toString(),
            "--count",
            "10",
            "--seed",
            "4",
            "--out",
            grid.toString(),
            "--columns",
            "5",
            "--each",
            tmp.resolve("each").toString());
    assertEquals(0, gen.code(), gen.err());
    var png = ImageIO.read(grid.toFile());
    assertEquals(5 * 28 + 4 * 2, png.getWidth());
    assertEquals(2 * 28 + 2, png.getHeight());
    try (var s = Files.list(tmp.resolve("each"))) {
      assertEquals(10, s.count());
    }
  }
}
