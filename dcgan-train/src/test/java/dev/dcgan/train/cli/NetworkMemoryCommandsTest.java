package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network too large for the machine is refused by {@code train} and {@code bench} before any
 * graph is built: exit 2, one sentence naming the flag to lower.
 */
class NetworkMemoryCommandsTest {
  @TempDir Path tmp;

  @Test
  void trainRefusesAWideDBeforeBuildingIt() {
    // The tutorial's D at --ndf 100000 has 5e11 parameters: 8 TB with Adam's moments.
    var r =
        MainTest.run(
            "train",
            "--data",
            TestData.mnist().toString(),
            "--limit",
            "64",
            "--epochs",
            "1",
            "--ndf",
            "100000",
            "--no-export",
            "--run-dir",
            tmp.resolve("run").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(
        r.err().startsWith("dcgan train: --ndf 100000 makes D 5.0e+11 parameters: "), r.err());
    assertTrue(r.err().contains("; lower --ndf\n"), r.err());
    assertTrue(r.err().contains("dcgan train --help"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace");
    assertFalse(Files.exists(tmp.resolve("run").resolve("checkpoints")), "nothing was trained");
  }

  @Test
  void benchRefusesAWideGBeforeBuildingIt() {
    var r = MainTest.run("bench", "--arch", "dcgan", "--ngf", "100000", "--train-only");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("dcgan bench: --ngf 100000 makes G "), r.err());
    assertTrue(r.err().contains("; lower --ngf\n"), r.err());
    assertTrue(r.out().isEmpty(), r.out());
  }
}
