package dev.dcgan.spark;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
