package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.ShippedModels;
import dev.dcgan.train.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} run from a folder that has a {@code models/} of its own (the user's exports, no
 * classifier) still finds the shipped classifier under DCGAN_HOME, as the launcher sets it.
 */
class EvaluateElsewhereTest {
  @TempDir Path tmp;

  @Test
  void evaluateFindsTheShippedClassifierFromAFolderWithItsOwnModels() throws Exception {
    Files.createDirectories(tmp.resolve("models/dcgan-photos/1"));
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    var pb =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g",
                    "-cp",
                    cp,
                    Main.class.getName(),
                    "evaluate",
                    "--model",
                    ShippedModels.dcganMnist().toString(),
                    "--count",
                    "20"))
            .directory(tmp.toFile())
            .redirectErrorStream(true);
    pb.environment().put("DCGAN_HOME", TestData.root().toString());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
    var process = pb.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(300, TimeUnit.SECONDS), "did not exit");
    assertEquals(0, process.exitValue(), out);
    assertTrue(out.contains("FCD"), out);
  }
}
