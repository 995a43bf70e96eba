package dev.dcgan.spark;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mistakes a sweep must answer in one sentence, before Spark starts and before --out is touched: a
 * malformed or unreachable master, an --out that is a file, a spec of absurdly many trials, and
 * random ranges whose bounds are no finite numbers.
 */
class SweepMistakesTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  private Run sweep(String specJson, String... flags) throws Exception {
    Path spec = tmp.resolve("spec.json");
    Files.writeString(spec, specJson);
    var args = new ArrayList<>(List.of("--spec", spec.toString()));
    args.addAll(List.of(flags));
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        SweepMain.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static final String SPEC = "{\"name\": \"m\", \"grid\": {\"loss\": [\"hinge\"]}}";

  @ParameterizedTest
  @ValueSource(strings = {"spark//host:7077", "local[two]", "spark://host:port", "mesos"})
  void aMalformedMasterIsAUsageErrorAndTouchesNothing(String master) throws Exception {
    Path out = tmp.resolve("sweep");
    var r = sweep(SPEC, "--master", master, "--out", out.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(
        r.err().startsWith("dcgan sweep: --master " + master + ": not a Spark master URL"),
        r.err());
    assertFalse(Files.exists(out), "the refused sweep made " + out);
  }

  @Test
  void anUnreachableMasterIsOneSentenceAndTouchesNothing() throws Exception {
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there now
    }
    Path out = tmp.resolve("sweep");
    String master = "spark://127.0.0.1:" + port;
    var r = sweep(SPEC, "--master", master, "--out", out.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().startsWith("dcgan sweep: cannot reach the Spark master " + master), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertFalse(Files.exists(out), "the failed sweep made " + out);
  }

  @Test
  void anOutThatIsAFileIsSaidSo() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "mine\n");
    var r = sweep(SPEC, "--out", file.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--out " + file + " is a file"), r.err());
    assertEquals("mine\n", Files.readString(file));
  }

  @Test
  void aSpecOfTooManyTrialsNeedsAFlag() throws Exception {
    // 101 x 100 grid points: 10100 trials, above the 10000 that pass without a word.
    String values = JsonParser.parseString(range(101)).toString();
    String spec =
        "{\"name\": \"big\", \"grid\": {\"seed\": " + values + ", \"keep\": " + range(100) + "}}";
    var r = sweep(spec, "--out", tmp.resolve("sweep").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("make 10100 trials, more than 10000"), r.err());
    assertTrue(r.err().contains("--allow-many-trials"), r.err());

    String huge =
        "{\"name\": \"huge\", \"grid\": {\"seed\": "
            + range(1000)
            + ", \"keep\": "
            + range(1000)
            + ", \"limit\": "
            + range(1000)
            + "}}";
    var refused = sweep(huge, "--allow-many-trials", "--out", tmp.resolve("s2").toString());
    assertEquals(2, refused.code(), refused.err());
    assertTrue(
        refused.err().contains("make 1000000000 trials; a sweep runs at most"), refused.err());
    assertFalse(Files.exists(tmp.resolve("s2")));
  }

  @Test
  void theTrialCountSaturates() throws Exception {
    var grid = new StringBuilder("{\"grid\": {");
    String[] keys = {"seed", "keep", "limit", "ngf", "ndf", "latent", "d-steps"};
    for (int i = 0; i < keys.length; i++) {
      grid.append(i > 0 ? ", " : "").append('"').append(keys[i]).append("\": ").append(range(1000));
    }
    var spec =
        SweepSpec.parse(JsonParser.parseString(grid.append("}}").toString()).getAsJsonObject());
    assertEquals(Long.MAX_VALUE, spec.trialCount());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"uniform\": [\"low\", 1]}",
        "{\"uniform\": [0, 1e400]}",
        "{\"log-uniform\": [1e-5, Infinity]}",
        "{\"uniform\": [NaN, 1]}",
        "{\"int\": [1, 2.5]}",
        "{\"int\": [0, 1e300]}",
        "{\"uniform\": 3}"
      })
  void randomBoundsThatAreNoFiniteNumbersAreNamed(String draw) {
    String json = "{\"random\": {\"trials\": 2, \"params\": {\"lr-d\": " + draw + "}}}";
    var e =
        assertThrows(
            SweepSpec.SpecException.class,
            () -> SweepSpec.parse(JsonParser.parseString(json).getAsJsonObject()));
    assertTrue(e.getMessage().startsWith("random.params.lr-d."), e.getMessage());
  }

  private static String range(int n) {
    var sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) sb.append(i > 0 ? "," : "").append(i + 1);
    return sb.append(']').toString();
  }
}
