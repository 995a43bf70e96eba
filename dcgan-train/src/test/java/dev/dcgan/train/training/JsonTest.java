package dev.dcgan.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.options.ConfigFile;
import dev.dcgan.train.util.Checkpoints;
import dev.dcgan.train.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What JsonFilesFuzzTest found, as plain cases: each was another exception than IOException. */
class JsonTest {
  @TempDir Path dir;

  @Test
  void bytesThatAreNotUtf8AreAnIoExceptionNamingTheFile() throws IOException {
    Path file = Files.write(dir.resolve("state.json"), new byte[] {'{', (byte) 0xfb, '}'});
    var e = assertThrows(IOException.class, () -> Json.read(file, Checkpoints.State.class));
    assertEquals(file + " is not UTF-8 text; replace it with a good copy", e.getMessage());
  }

  @Test
  void aValueTheRecordRefusesIsAnIoExceptionSayingWhichValue() throws IOException {
    var run = new RunFolder(dir);
    String json =
        ConfigFile.toJson(TrainConfig.defaults().values())
            .replace("\"image-size\": 0", "\"image-size\": -1");
    Files.writeString(dir.resolve(RunFolder.CONFIG), json);
    var e = assertThrows(IOException.class, run::readConfig);
    assertTrue(
        e.getMessage()
            .startsWith(
                dir.resolve(RunFolder.CONFIG)
                    + " holds an invalid TrainConfig (image-size must be at least 4, got -1); "),
        e.getMessage());
  }

  @Test
  void anUnknownArchitectureInModelJsonIsAnIoException() throws IOException {
    var run = new RunFolder(dir);
    run.writeModelInfo(new RunFolder.ModelInfo(ModelSpec.mnist(100), "mnist"));
    Path file = dir.resolve("model.json");
    Files.writeString(file, Files.readString(file).replace("\"TUTORIAL\"", "\"RESNET\""));
    var e = assertThrows(IOException.class, run::readModelInfo);
    assertTrue(
        e.getMessage()
            .startsWith(
                file + " holds an invalid ModelInfo (no architecture (known: tutorial, dcgan)); "),
        e.getMessage());
  }
}
