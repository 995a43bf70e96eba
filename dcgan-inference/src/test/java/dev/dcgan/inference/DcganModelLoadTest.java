package dev.dcgan.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dcgan.inference.TinyGeneratorFixture.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding, loading and validating exported generators; every load error says what is wrong. */
class DcganModelLoadTest {
  @TempDir static Path shared;
  static Path gray;
  static Path rgb;

  @TempDir Path tmp;

  @BeforeAll
  static void exportModels() throws IOException {
    gray = TinyGeneratorFixture.export(shared.resolve("gray"), 16, 28, 28, 1);
    rgb = TinyGeneratorFixture.export(shared.resolve("rgb"), 5, 8, 8, 3);
  }

  @Test
  void loadsVersionFolderWithShapesFromTheSignature() throws IOException {
    try (var model = DcganModel.load(gray)) {
      assertEquals(16, model.latentSize());
      assertEquals(28, model.height());
      assertEquals(28, model.width());
      assertEquals(1, model.channels());
      assertEquals(gray, model.directory());
      assertEquals("test", model.metadata().orElseThrow().dataset());
    }
    try (var model = DcganModel.load(rgb)) {
      assertEquals(5, model.latentSize());
      assertEquals(8, model.height());
      assertEquals(8, model.width());
      assertEquals(3, model.channels());
    }
  }

  @Test
  void signatureWinsOverMetadataThatDisagrees() throws IOException {
    var lying = TinyGeneratorFixture.metadata(99, 3, 4, 1);
    Path dir =
        TinyGeneratorFixture.export(tmp.resolve("m"), Spec.of(6, 4, 5, 3).withMetadata(lying));
    try (var model = DcganModel.load(dir)) {
      assertEquals(6, model.latentSize());
      assertEquals(4, model.height());
      assertEquals(5, model.width());
      assertEquals(3, model.channels());
      assertEquals(99, model.metadata().orElseThrow().latentSize());
    }
  }

  @Test
  void metadataIsOptional() throws IOException {
    Path dir =
        TinyGeneratorFixture.export(tmp.resolve("m"), Spec.of(4, 2, 3, 1).withMetadata(null));
    try (var model = DcganModel.load(dir)) {
      assertTrue(model.metadata().isEmpty());
      assertEquals(4, model.latentSize());
      assertEquals(2, model.generate(2, 1).count());
    }
  }

  @Test
  void unknownSignatureDimsFallBackToMetadata() throws IOException {
    Path dir = TinyGeneratorFixture.export(tmp.resolve("m"), Spec.of(4, 3, 2, 3).withUnknownDims());
    try (var model = DcganModel.load(dir)) {
      assertEquals(4, model.latentSize());
      assertEquals(3, model.height());
      assertEquals(2, model.width());
      assertEquals(3, model.channels());
      var images = model.generate(5, 9);
      assertEquals(5 * 3 * 2 * 3, images.pixels().length);
    }
  }

  @Test
  void unknownSignatureDimsWithoutMetadataFail() throws IOException {
    Path dir =
        TinyGeneratorFixture.export(
            tmp.resolve("m"), Spec.of(4, 3, 2, 3).withUnknownDims().withMetadata(null));
    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(dir));
    assertTrue(e.getMessage().contains("latent size (width of z) unknown"), e.getMessage());
    assertTrue(e.getMessage().contains("dcgan.json"), e.getMessage());
  }

  @Test
  void metadataThatMisstatesUnknownDimsFailsAtLoad() throws IOException {
    // The signature can't check these sizes; the smoke run at load time must.
    var wrong = TinyGeneratorFixture.metadata(4, 5, 5, 1);
    Path dir =
        TinyGeneratorFixture.export(
            tmp.resolve("m"), Spec.of(4, 3, 2, 3).withUnknownDims().withMetadata(wrong));
    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(dir));
    assertTrue(e.getMessage().contains("cannot run"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  @Test
  void baseFolderLoadsTheHighestNumericVersion() throws IOException {
    Path base = tmp.resolve("base");
    TinyGeneratorFixture.export(base.resolve("1"), 4, 2, 2, 1);
    TinyGeneratorFixture.export(base.resolve("2"), 5, 2, 2, 1);
    TinyGeneratorFixture.export(base.resolve("10"), 6, 2, 2, 1);
    Files.createDirectories(base.resolve("latest")); // not a version: ignored
    Files.writeString(base.resolve("README"), "ignored");
    try (var model = DcganModel.load(base)) {
      assertEquals(base.resolve("10"), model.directory()); // numeric, not lexical ("2" > "10")
      assertEquals(6, model.latentSize());
    }
  }

  @Test
  void missingFolder() {
    Path dir = tmp.resolve("nope");
    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(dir));
    assertEquals("Model folder not found: " + dir, e.getMessage());
  }

  @Test
  void aFileIsNotAModelFolder() throws IOException {
    Path file = Files.writeString(tmp.resolve("model.pb"), "x");
    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(file));
    assertTrue(e.getMessage().startsWith("Not a folder: " + file), e.getMessage());
  }

  @Test
  void emptyFolderSaysItIsEmpty() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("empty"));
    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(dir));
    assertTrue(e.getMessage().contains("no saved_model.pb"), e.getMessage());
    assertTrue(e.getMessage().endsWith("it is empty"), e.getMessage());
  }

  @Test
  void folderWithoutSavedModelListsWhatItHolds() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(dir.resolve("notes.txt"), "hi");
    Files.createDirectories(dir.resolve("weights"));
    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(dir));
    assertTrue(e.getMessage().contains(dir + " has no saved_model.pb"), e.getMessage());
    assertTrue(e.getMessage().contains("it holds: notes.txt, weights/"), e.getMessage());
  }

  @Test
  void baseFolderWithoutNumericVersion() throws IOException {
    Path base = Files.createDirectories(tmp.resolve("base"));
    Files.createDirectories(base.resolve("latest"));
    Files.createDirectories(base.resolve("v2"));
    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(base));
    assertTrue(e.getMessage().contains("no numeric version folder"), e.getMessage());
    assertTrue(e.getMessage().contains("latest/, v2/"), e.getMessage());
  }

  @Test
  void highestVersionWithoutSavedModelIsAnError() throws IOException {
    Path base = tmp.resolve("base");
    TinyGeneratorFixture.export(base.resolve("1"), 4, 2, 2, 1);
    Files.createDirectories(base.resolve("3"));
    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(base));
    assertTrue(
        e.getMessage().contains("highest version folder " + base.resolve("3")), e.getMessage());
    assertTrue(e.getMessage().contains("it is empty"), e.getMessage());
  }

  @Test
  void noServingDefaultListsTheSignaturesPresent() throws IOException {
    Path dir =
        TinyGeneratorFixture.export(tmp.resolve("m"), Spec.of(4, 2, 2, 1).withKey("generate"));
    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(dir));
    assertTrue(e.getMessage().contains("has no 'serving_default' signature"), e.getMessage());
    assertTrue(e.getMessage().contains("signatures present: [generate]"), e.getMessage());
  }

  @Test
  void signatureWithoutZ() throws IOException {
    Path dir =
        TinyGeneratorFixture.export(
            tmp.resolve("m"), Spec.of(4, 2, 2, 1).withNames("latent", "images"));
    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(dir));
    assertTrue(
        e.getMessage().contains("has no input 'z'; its inputs are [latent]"), e.getMessage());
  }

  @Test
  void signatureWithoutImages() throws IOException {
    Path dir =
        TinyGeneratorFixture.export(tmp.resolve("m"), Spec.of(4, 2, 2, 1).withNames("z", "pixels"));
    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(dir));
    assertTrue(
        e.getMessage().contains("has no output 'images'; its outputs are [pixels]"),
        e.getMessage());
  }

  @Test
  void corruptSavedModelIsAModelLoadException() throws IOException {
    Path dir = TinyGeneratorFixture.export(tmp.resolve("m"), 4, 2, 2, 1);
    Files.write(dir.resolve("saved_model.pb"), new byte[] {0x13, 0x37, 0x00, 0x7f, 0x42});
    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(dir));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertNotNull(e.getCause());
  }

  @Test
  void missingVariablesIsAModelLoadException() throws IOException {
    Path dir = TinyGeneratorFixture.export(tmp.resolve("m"), 4, 2, 2, 1);
    deleteTree(dir.resolve("variables"));
    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(dir));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("variables are missing or damaged"), e.getMessage());
    assertTrue(e.getMessage().contains("variables/ folder is missing"), e.getMessage());
  }

  @Test
  void unreadableMetadataNamesTheFile() throws IOException {
    Path dir = TinyGeneratorFixture.export(tmp.resolve("m"), 4, 2, 2, 1);
    Path json = dir.resolve("assets.extra/dcgan.json");
    Files.writeString(json, "{ not json");
    var e = assertThrows(ModelLoadException.class, () -> DcganModel.load(dir));
    assertTrue(e.getMessage().contains(json.toString()), e.getMessage());
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
