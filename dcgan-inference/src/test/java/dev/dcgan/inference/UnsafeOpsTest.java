package dev.dcgan.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dcgan.inference.DcganModel.LoadOptions;
import dev.dcgan.inference.ForgedModels.Effect;
import dev.dcgan.inference.ForgedModels.Place;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * Models whose ops touch files are refused before TensorFlow sees them, and load when the user
 * trusts them.
 */
class UnsafeOpsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({
    "WRITE_FILE, SIGNATURE",
    "WRITE_FILE, INIT_OP",
    "WRITE_FILE, FUNCTION",
    "READ_FILE, SIGNATURE",
    "READ_FILE, INIT_OP",
    "MATCHING_FILES, SIGNATURE",
    "MATCHING_FILES, INIT_OP",
    "PRINT_TO_FILE, SIGNATURE",
    "PRINT_TO_FILE, INIT_OP",
    "SAVE_CHECKPOINT, SIGNATURE",
    "SAVE_CHECKPOINT, INIT_OP"
  })
  void forgedModelIsRefusedAndWritesNothing(Effect effect, Place place) throws IOException {
    Path target = tmp.resolve("victim").resolve("target.txt");
    Files.createDirectories(target.getParent());
    Path dir = ForgedModels.export(tmp.resolve("forged"), effect, place, target);

    var e = assertThrows(UnsafeModelException.class, () -> DcganModel.load(dir));

    assertTrue(e.refusedOps().contains(effect.op), e.refusedOps().toString());
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(effect.op), e.getMessage());
    assertTrue(e.getMessage().contains("--allow-unsafe-ops"), e.getMessage());
    assertFalse(Files.exists(target), "the refused model wrote " + target);
    assertEquals(Set.of(), Set.of(target.getParent().toFile().list()));
  }

  @ParameterizedTest
  @CsvSource({
    "WRITE_FILE, SIGNATURE",
    "WRITE_FILE, INIT_OP",
    "WRITE_FILE, FUNCTION",
    "PRINT_TO_FILE, SIGNATURE",
    "PRINT_TO_FILE, INIT_OP"
  })
  void trustedForgedModelLoadsAndItsOpRuns(Effect effect, Place place) throws IOException {
    Path target = tmp.resolve("target.txt");
    Path dir = ForgedModels.export(tmp.resolve("forged"), effect, place, target);

    try (var model = DcganModel.load(dir, LoadOptions.defaults().allowUnsafeOps())) {
      assertEquals(ForgedModels.LATENT, model.latentSize());
    }

    // Loading runs the init op and the smoke test runs the signature: the forgery is real.
    assertTrue(Files.exists(target), effect + " in the " + place + " did not run");
  }

  @Test
  void readingOpsLoadWhenTrusted() throws IOException {
    Path target = Files.writeString(tmp.resolve("secret.txt"), "secret");
    for (Effect effect : new Effect[] {Effect.READ_FILE, Effect.MATCHING_FILES}) {
      Path dir = ForgedModels.export(tmp.resolve(effect.name()), effect, Place.SIGNATURE, target);
      try (var model = DcganModel.load(dir, LoadOptions.defaults().allowUnsafeOps())) {
        assertEquals(1, model.generate(1, 0).count());
      }
    }
  }

  @Test
  void theSaverThatEveryExportCarriesPasses() throws IOException {
    Path dir = TinyGeneratorFixture.export(tmp.resolve("m"), 4, 2, 2, 1);

    var verdict = OpAllowList.check(SavedModelFile.read(dir));

    assertTrue(verdict.passed(), verdict.describeRefused());
    // SaveV2 is there, unreachable from the restore op and the signature.
    assertTrue(verdict.opTypes().containsAll(Set.of("SaveV2", "RestoreV2", "MatMul")));
  }

  @Test
  void theRefusalStaysShortAndPrintable() {
    var graph = GraphDef.newBuilder();
    for (int i = 0; i < 12; i++) {
      graph.addNode(NodeDef.newBuilder().setName("n\u001b[2J" + i).setOp("MadeUpOp" + (100 + i)));
    }
    var model =
        SavedModel.newBuilder().addMetaGraphs(MetaGraphDef.newBuilder().setGraphDef(graph)).build();

    var verdict = OpAllowList.check(model);

    assertEquals(12, verdict.refused().size());
    String text = verdict.describeRefused();
    assertTrue(text.startsWith("MadeUpOp100 (node 'n?[2J0'), MadeUpOp101"), text);
    assertTrue(text.endsWith("MadeUpOp109 (node 'n?[2J9') and 2 more op types"), text);
  }

  @Test
  void corruptSavedModelFileIsALoadError() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("corrupt"));
    Files.write(dir.resolve("saved_model.pb"), new byte[] {8, (byte) 0xff, 3, 4});

    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(dir));

    assertFalse(e instanceof UnsafeModelException);
    assertTrue(e.getMessage().contains("saved_model.pb"), e.getMessage());
  }
}
