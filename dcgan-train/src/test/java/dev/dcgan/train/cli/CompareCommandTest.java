package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dcgan.train.augment.DiffAugment;
import dev.dcgan.train.monitor.FcdCurves;
import dev.dcgan.train.options.TrainOptions;
import dev.dcgan.train.training.RunFolder;
import dev.dcgan.train.training.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code dcgan compare} on run folders written here: the table, the JSON, the chart, bad input. */
class CompareCommandTest {
  @TempDir Path tmp;

  /** A run's evaluations: epoch i+1 has FCD fcds[i]. */
  record Evals(double... fcds) {
    String csv() {
      var s = new StringBuilder("epoch,step,fcd\n");
      for (int i = 0; i < fcds.length; i++)
        s.append(String.format(Locale.ROOT, "%d,%d,%.4f%n", i + 1, (i + 1) * 100, fcds[i]));
      return s.toString();
    }
  }

  /**
   * A run folder as train writes one: config.json through the project's writer, eval.csv, and a
   * losses.csv with {@code dReal[e - 1]} as the d_real values of epoch e's rows.
   */
  Path run(String name, TrainConfig config, Evals evals, double[][] dReal) throws IOException {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    new RunFolder(dir).writeConfig(config);
    Files.writeString(dir.resolve("eval.csv"), evals.csv());
    var losses = new StringBuilder("step,epoch,d_loss,g_loss,d_real,d_fake\n");
    long step = 0;
    for (int e = 0; e < dReal.length; e++)
      for (double d : dReal[e])
        losses.append(
            String.format(Locale.ROOT, "%d,%d,1.2,0.8,%.6f,0.300000%n", ++step, e + 1, d));
    Files.writeString(dir.resolve("losses.csv"), losses.toString());
    return dir;
  }

  Path plainRun(String name) throws IOException {
    return run(
        name, TrainConfig.defaults(), new Evals(200, 90), new double[][] {{0.5, 0.6}, {0.7, 0.8}});
  }

  static double mean(double... v) {
    return java.util.Arrays.stream(v).average().orElseThrow();
  }

  @Test
  void theTableAndTheJsonHoldEachRunsFiguresAndWhereTheRunsDiffer() throws Exception {
    var plainEvals = new Evals(300, 120.5, 130.25);
    double[][] plainReal = {{0.5, 0.55}, {0.6, 0.65}, {0.71, 0.83, 0.9}};
    Path plain = run("plain", TrainConfig.defaults(), plainEvals, plainReal);
    var augmented =
        TrainConfig.defaults().with(TrainOptions.AUGMENT, DiffAugment.parse("color,translation"));
    var augEvals = new Evals(280, 150, 95.5, 60.125);
    double[][] augReal = {{0.5}, {0.52}, {0.55, 0.56}, {0.51, 0.58, 0.6, 0.53}};
    Path aug = run("aug", augmented, augEvals, augReal);

    var json = MainTest.run("compare", plain.toString(), aug.toString(), "--json");
    assertEquals(0, json.code(), json.err());
    JsonArray rows = JsonParser.parseString(json.out()).getAsJsonArray();
    assertEquals(2, rows.size());

    JsonObject p = rows.get(0).getAsJsonObject();
    assertEquals("plain", p.get("run").getAsString());
    assertEquals(plainEvals.fcds().length, p.get("evaluations").getAsInt());
    assertEquals(3, p.get("lastEpoch").getAsInt());
    assertEquals(plainEvals.fcds()[2], p.get("lastFcd").getAsDouble(), 1e-9);
    assertEquals(2, p.get("bestEpoch").getAsInt()); // 120.5 < 130.25 < 300
    assertEquals(plainEvals.fcds()[1], p.get("bestFcd").getAsDouble(), 1e-9);
    assertEquals(mean(plainReal[2]), p.get("meanRealScore").getAsDouble(), 1e-6);
    assertEquals("none", p.getAsJsonObject("settings").get("augment").getAsString());
    assertEquals(1, p.getAsJsonObject("settings").size(), "only augment differs");

    JsonObject a = rows.get(1).getAsJsonObject();
    assertEquals("aug", a.get("run").getAsString());
    assertEquals(4, a.get("evaluations").getAsInt());
    assertEquals(4, a.get("lastEpoch").getAsInt());
    assertEquals(4, a.get("bestEpoch").getAsInt());
    assertEquals(augEvals.fcds()[3], a.get("bestFcd").getAsDouble(), 1e-9);
    assertEquals(mean(augReal[3]), a.get("meanRealScore").getAsDouble(), 1e-6);
    assertEquals("color,translation", a.getAsJsonObject("settings").get("augment").getAsString());

    var table = MainTest.run("compare", plain.toString(), aug.toString());
    assertEquals(0, table.code(), table.err());
    var lines = table.out().lines().toList();
    assertTrue(lines.get(0).startsWith("run "), table.out());
    assertEquals(
        List.of(
            "plain",
            "3",
            "3",
            fmt2(plainEvals.fcds()[2]),
            fmt2(plainEvals.fcds()[1]),
            "2",
            fmt3(mean(plainReal[2])),
            "augment=none"),
        List.of(lines.get(1).trim().split("\\s+")),
        table.out());
    assertEquals(
        List.of(
            "aug",
            "4",
            "4",
            fmt2(augEvals.fcds()[3]),
            fmt2(augEvals.fcds()[3]),
            "4",
            fmt3(mean(augReal[3])),
            "augment=color,translation"),
        List.of(lines.get(2).trim().split("\\s+")),
        table.out());
  }

  static String fmt2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String fmt3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  @Test
  void oneRunAloneHasNoSettingsAndAnEpochWithoutLossRowsHasNoDx() throws Exception {
    Path dir =
        run(
            "lone",
            TrainConfig.defaults(),
            new Evals(50, 40),
            new double[][] {{0.5}}); // no epoch 2
    var r = MainTest.run("compare", dir.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonObject row = JsonParser.parseString(r.out()).getAsJsonArray().get(0).getAsJsonObject();
    assertEquals(0, row.getAsJsonObject("settings").size());
    assertFalse(row.has("meanRealScore"), r.out());
    var table = MainTest.run("compare", dir.toString());
    assertTrue(
        table
            .out()
            .lines()
            .toList()
            .get(1)
            .matches("lone\\s+2\\s+2\\s+40\\.00\\s+40\\.00\\s+2\\s+-"),
        table.out());
  }

  @Test
  void runsOfTheSameNameAreLabelledByTheirPaths() throws Exception {
    Path first = plainRun("a/run");
    Path second = plainRun("b/run");
    var r = MainTest.run("compare", first.toString(), second.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonArray rows = JsonParser.parseString(r.out()).getAsJsonArray();
    assertEquals(first.toString(), rows.get(0).getAsJsonObject().get("run").getAsString());
    assertEquals(second.toString(), rows.get(1).getAsJsonObject().get("run").getAsString());
  }

  @Test
  void outDrawsOnePngOfTheChartsSize() throws Exception {
    Path png = tmp.resolve("curves.png");
    var r =
        MainTest.run(
            "compare",
            plainRun("x").toString(),
            run(
                    "y",
                    TrainConfig.defaults(),
                    new Evals(500, 30, 12),
                    new double[][] {{0.5}, {0.5}, {0.9}})
                .toString(),
            "--out",
            png.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("FCD curves: " + png), r.out());
    var image = ImageIO.read(png.toFile());
    assertNotNull(image, "a PNG that decodes");
    assertEquals(FcdCurves.WIDTH, image.getWidth());
    assertEquals(FcdCurves.HEIGHT, image.getHeight());
    assertEquals(List.of(png), filesIn(tmp), "the PNG alone beside the runs, no temporary file");
  }

  @Test
  void noRunIsAUsageError() {
    var r = MainTest.run("compare");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("name the run folders to compare"), r.err());
    assertTrue(r.err().contains("usage: dcgan compare RUN_DIR... [flags]"), r.err());
  }

  @Test
  void anOutInAFolderThatIsNotThereIsAUsageErrorAndWritesNothing() throws Exception {
    Path run = plainRun("r");
    Path missing = tmp.resolve("no-such-folder");
    var r = MainTest.run("compare", run.toString(), "--out", missing.resolve("c.png").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains(missing + " does not exist"), r.err());
    assertFalse(Files.exists(missing), "the folder is not made");

    var notPng = MainTest.run("compare", run.toString(), "--out", tmp.resolve("c.jpg").toString());
    assertEquals(2, notPng.code());
    assertTrue(notPng.err().contains("--out must name a .png file"), notPng.err());

    var twice = MainTest.run("compare", run.toString(), run.toString());
    assertEquals(2, twice.code());
    assertTrue(twice.err().contains("is named twice"), twice.err());
  }

  @Test
  void aFolderWithoutEvalCsvIsOneSentenceAndNoChart() throws Exception {
    Path good = plainRun("good");
    Path bare = plainRun("bare");
    Files.delete(bare.resolve("eval.csv"));
    Path png = tmp.resolve("curves.png");
    var r = MainTest.run("compare", good.toString(), bare.toString(), "--out", png.toString());
    assertEquals(1, r.code());
    assertEquals(
        "dcgan compare: "
            + bare
            + " has no eval.csv: only a run trained with --eval-every N has FCD by epoch",
        r.err().lines().findFirst().orElseThrow());
    assertFalse(Files.exists(png), "nothing written when a run cannot be read");
    assertEquals("", r.out());

    var missing = MainTest.run("compare", tmp.resolve("nowhere").toString());
    assertEquals(1, missing.code());
    assertTrue(
        missing.err().contains("no such run folder: " + tmp.resolve("nowhere")), missing.err());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "epoch,step,fcd\\n1,100,abc\\n|line 2: fcd 'abc' is not a finite number",
        "epoch,step,fcd\\n1,100,12.5\\n2,200,NaN\\n|line 3: fcd 'NaN' is not a finite number",
        "epoch,step,fcd\\n1,100,Infinity\\n|fcd 'Infinity' is not a finite number",
        "epoch,step,fcd\\n1,100,-3\\n|fcd '-3' is not a finite number of 0 or more",
        "epoch,step\\n1,100\\n|does not start with the header epoch,step,fcd",
        "1,100,12.5\\n|does not start with the header epoch,step,fcd",
        "epoch,step,fcd\\n1,100\\n|line 2 has 2 fields where its header names 3",
        "epoch,step,fcd\\nx,100,12.5\\n|line 2: epoch 'x' is not a whole number",
        "epoch,step,fcd\\n2,200,12.5\\n1,100,13\\n|line 3: epoch 1 after epoch 2",
        "epoch,step,fcd\\n|holds no evaluations",
        "|is empty"
      })
  void aCorruptEvalCsvIsOneSentenceNamingTheFile(String content, String message) throws Exception {
    Path run = plainRun("bad");
    Path csv = run.resolve("eval.csv");
    Files.writeString(csv, content == null ? "" : content.replace("\\n", "\n"));
    Path png = tmp.resolve("curves.png");
    var r = MainTest.run("compare", run.toString(), "--out", png.toString());
    assertEquals(1, r.code(), r.err());
    String first = r.err().lines().findFirst().orElseThrow();
    assertTrue(first.startsWith("dcgan compare: " + csv), first);
    assertTrue(first.contains(message), first);
    assertFalse(Files.exists(png));
  }

  @Test
  void anEvalCsvThatIsNotTextIsOneSentence() throws Exception {
    Path run = plainRun("binary");
    Files.write(run.resolve("eval.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
    var r = MainTest.run("compare", run.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("eval.csv is not text"), r.err());
  }

  @Test
  void helpNamesTheArgumentsAndTheFlags() {
    var r = MainTest.run("compare", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("usage: dcgan compare RUN_DIR... [flags]"), r.out());
    assertTrue(r.out().contains("--out <PNG>"), r.out());
    assertTrue(r.out().contains("--json"), r.out());
    assertTrue(MainTest.run("--help").out().contains("compare "), "the overview lists compare");
  }

  /** The files in {@code dir}, not its folders. */
  static List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new ArrayList<>(s.filter(Files::isRegularFile).toList());
    }
  }
}
