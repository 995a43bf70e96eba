package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dcgan.train.ShippedModels;
import dev.dcgan.train.TestData;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With LANG and LC_ALL unset (cron, a minimal container) the JVM reads file names as ASCII, and a
 * path such as {@code données/} fails with "Malformed input"; the launcher's locale block gives the
 * JVM a UTF-8 locale then. The block is run as the launcher runs it, taken from the {@code dcgan}
 * script itself.
 */
class LauncherLocaleTest {
  @TempDir Path tmp;

  /** The launcher's locale block, between its begin and end markers. */
  static String localeBlock() throws Exception {
    String script = Files.readString(TestData.root().resolve("dcgan"));
    int begin = script.indexOf("# utf8-locale:begin");
    int end = script.indexOf("# utf8-locale:end");
    assertTrue(begin >= 0 && end > begin, "the dcgan launcher has no utf8-locale block");
    return script.substring(begin, end);
  }

  /** {@code dcgan inspect --model model} with no locale set, after {@code prelude}. */
  static Result inspectWithoutLocale(String prelude, Path model) throws Exception {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var cmd = new ArrayList<>(List.of("bash", "-c", prelude + "\nexec \"$@\"", "bash"));
    cmd.addAll(List.of(java, "-cp", cp, Main.class.getName(), "inspect", "--model"));
    cmd.add(model.toString());
    var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_"));
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
    var process = pb.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "did not exit");
    return new Result(process.exitValue(), out);
  }

  record Result(int code, String out) {}

  @Test
  void aNonAsciiPathIsReadWithNoLocaleSet() throws Exception {
    assumeTrue(
        Charset.forName(System.getProperty("sun.jnu.encoding", "US-ASCII"))
            .equals(StandardCharsets.UTF_8),
        "this test JVM itself cannot name données/ (its file names are not UTF-8)");
    Path model = Files.createDirectories(tmp.resolve("données")).resolve("3");
    Path from = ShippedModels.dcganMnist();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) Files.copy(f, model.resolve(from.relativize(f).toString()));
    }

    var without = inspectWithoutLocale("", model);
    assertNotEquals(0, without.code(), without.out());
    assertTrue(without.out().contains("Malformed input"), without.out());

    var with = inspectWithoutLocale(localeBlock(), model);
    assertEquals(0, with.code(), with.out());
    assertTrue(with.out().contains("model: " + model), with.out());
  }
}
