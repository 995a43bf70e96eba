package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.inference.ModelMetadata;
import dev.dcgan.inference.SavedModelContract;
import dev.dcgan.train.data.ClassNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --conditional} end to end: its export, {@code export}, and --resume. */
class ConditionalCommandsTest {
  @Test
  void trainExportAndResumeAConditionalRun(@TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    var trained =
        MainTest.run(
            "train",
            "--conditional",
            "--data",
            "fake",
            "--image-size",
            "8",
            "--channels",
            "1",
            "--arch",
            "dcgan",
            "--ngf",
            "4",
            "--ndf",
            "4",
            "--latent",
            "8",
            "--limit",
            "32",
            "--batch-size",
            "16",
            "--epochs",
            "1",
            "--run-dir",
            run.toString(),
            "--export",
            tmp.resolve("models/a").toString());
    assertEquals(0, trained.code(), trained.err());
    assertTrue(Files.exists(run.resolve("generated.png")), "a preview, one row per class");
    assertConditional(tmp.resolve("models/a/1"));

    var exported =
        MainTest.run(
            "export", "--checkpoint", run.toString(), "--out", tmp.resolve("models/b").toString());
    assertEquals(0, exported.code(), exported.err());
    assertConditional(tmp.resolve("models/b/1"));

    var resumed = MainTest.run("train", "--resume", run.toString(), "--conditional");
    assertEquals(2, resumed.code(), resumed.err());
    assertTrue(resumed.err().contains("--conditional cannot change a resumed run"), resumed.err());
  }

  private static void assertConditional(Path version) throws IOException {
    var metadata = ModelMetadata.read(version);
    assertEquals(SavedModelContract.CONDITIONAL_FORMAT_VERSION, metadata.formatVersion());
    assertEquals(ClassNames.numbered(10), metadata.classes());
  }

  /**
   * Without --export a conditional run exports beside the data set's unconditional model, not as a
   * new version of it (which would shadow the unconditional one for every caller of the base).
   */
  @Test
  void aConditionalRunExportsBesideTheUnconditionalModelByDefault() {
    assertEquals("dcgan-mnist", TrainCommand.defaultModelName("mnist", false));
    assertEquals("dcgan-mnist-conditional", TrainCommand.defaultModelName("mnist", true));
  }
}
