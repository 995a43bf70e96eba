package dev.dcgan.train.util;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.training.TrainingGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint write that fails half way (a full disk) leaves the previous one as it was. */
class CheckpointFailureTest {
  @Test
  void failedWriteKeepsThePreviousCheckpointAndSaysWhy(@TempDir Path run) throws IOException {
    try (var graph = TrainingGraph.builder(ModelSpec.mnist(8), 1).build();
        var session = SessionOptions.DEFAULT.newSession(graph.graph())) {
      session.initialize();
      var good = new Checkpoints(run, 3).save(session, new Checkpoints.State(10, 10, 1, 0, 640));
      byte[] goodIndex = Files.readAllBytes(good.resolve("variables.index"));

      var full =
          new Checkpoints(
              run,
              3,
              (s, prefix) -> {
                Files.write(
                    Path.of(prefix + ".data-00000-of-00001"), new byte[1000]); // part written...
                throw new IOException("No space left on device"); // ...then the disk is full
              });
      var e =
          assertThrows(
              IOException.class,
              () -> full.save(session, new Checkpoints.State(20, 20, 2, 0, 1280)));
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      assertTrue(
          e.getMessage().contains("the previous checkpoint " + good + " is intact"),
          e.getMessage());

      assertEquals(good, new Checkpoints(run, 3).latest().orElseThrow());
      assertArrayEquals(goodIndex, Files.readAllBytes(good.resolve("variables.index")));
      assertEquals(10, Checkpoints.readState(good).step());
      try (var s = Files.list(run.resolve("checkpoints"))) {
        assertEquals(1, s.count(), "the failed write left something behind");
      }
    }
  }

  @Test
  void corruptStateFileIsAClearError(@TempDir Path run) throws IOException {
    Path ckpt = run.resolve("checkpoints/ckpt-000000001");
    Files.createDirectories(ckpt);
    Files.writeString(ckpt.resolve("state.json"), "{\"step\": ");
    var e = assertThrows(IOException.class, () -> Checkpoints.readState(ckpt));
    assertTrue(e.getMessage().contains("state.json"), e.getMessage());
    var e2 = assertThrows(IOException.class, () -> Checkpoints.variablesPrefix(ckpt));
    assertTrue(e2.getMessage().contains("not a checkpoint"), e2.getMessage());
  }
}
