package dev.dcgan.inference;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMetadataTest {
  @Test
  void extraKeepsWholeNumbersWholeThroughJson() {
    var m =
        new ModelMetadata(
            1,
            100,
            28,
            28,
            1,
            0f,
            1f,
            "mnist",
            "tutorial",
            10,
            4690,
            42,
            "t",
            "dev",
            null,
            Map.of("evaluation", Map.of("images", 2000, "fcd", 248.5, "counts", List.of(3, 4))));
    var back = ModelMetadata.fromJson(m.toJson());
    var evaluation = (Map<?, ?>) back.extra().get("evaluation");
    assertEquals(2000L, evaluation.get("images"));
    assertEquals(248.5, evaluation.get("fcd"));
    assertEquals(List.of(3L, 4L), evaluation.get("counts"));
    assertTrue(back.toJson().contains("\"images\": 2000"), back.toJson());
  }

  /** Metadata written before the precision existed reads as fp32; a bf16 one keeps its own. */
  @Test
  void precisionIsFp32UnlessSaid() {
    var old = ModelMetadata.fromJson("{\"formatVersion\": 1, \"latentSize\": 100}");
    assertEquals(ModelMetadata.FP32, old.precision());
    var bf16 =
        new ModelMetadata(
            1,
            100,
            28,
            28,
            1,
            0f,
            1f,
            "mnist",
            "tutorial",
            1,
            2,
            42,
            "t",
            "dev",
            null,
            null,
            "bf16");
    var back = ModelMetadata.fromJson(bf16.toJson());
    assertEquals("bf16", back.precision());
    assertEquals("bf16", back.withExtra(Map.of("a", 1)).precision());
  }

  /** Found by JsonFilesFuzzTest: bytes that are not UTF-8 gave "Input length = 1". */
  @Test
  void metadataThatIsNotUtf8IsAnIoExceptionNamingTheFile(@TempDir Path model) throws IOException {
    Path file =
        Files.createDirectories(model.resolve(SavedModelContract.ASSETS_EXTRA))
            .resolve(SavedModelContract.METADATA_FILE);
    Files.write(file, new byte[] {'{', (byte) 0xff, '}'});
    var e = assertThrows(IOException.class, () -> ModelMetadata.read(model));
    assertEquals(file + ": not valid metadata JSON: not UTF-8 text", e.getMessage());
  }
}
