package dev.dcgan.inference;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
            Map.of("evaluation", Map.of("images", 2000, "fcd", 248.5, "counts", List.of(3, 4))));
    var back = ModelMetadata.fromJson(m.toJson());
    var evaluation = (Map<?, ?>) back.extra().get("evaluation");
    assertEquals(2000L, evaluation.get("images"));
    assertEquals(248.5, evaluation.get("fcd"));
    assertEquals(List.of(3L, 4L), evaluation.get("counts"));
    assertTrue(back.toJson().contains("\"images\": 2000"), back.toJson());
  }
}
