package dev.dcgan.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests that scan the shipped models see the same list with a user's own export under models/
 * (as {@code ./dcgan train --data ~/photos} leaves one) as without it.
 */
class ShippedModelsTest {
  @TempDir Path tmp;

  /** A copy of the project's layout: serving/models.config and a folder per listed model. */
  Path layoutCopy() throws IOException {
    Path root = tmp.resolve("project");
    Files.createDirectories(root.resolve("serving"));
    Files.copy(
        TestData.root().resolve("serving/models.config"), root.resolve("serving/models.config"));
    for (String name : ShippedModels.names(TestData.root())) {
      Files.createDirectories(root.resolve("models").resolve(name).resolve("1"));
    }
    return root;
  }

  @Test
  void aUserModelUnderModelsIsNotAShippedOne() throws IOException {
    Path root = layoutCopy();
    var before = ShippedModels.bases(root);
    Path user = root.resolve("models/dcgan-photos/1");
    Files.createDirectories(user);
    Files.writeString(user.resolve("saved_model.pb"), "not a model: the tests must not read it");
    Files.createDirectories(root.resolve("models/dcgan-mnist/4"));

    var after = ShippedModels.bases(root);

    assertEquals(before, after);
    assertFalse(after.contains(root.resolve("models/dcgan-photos")), after.toString());
  }

  @Test
  void everyShippedModelIsListedAndPresent() throws IOException {
    var names = ShippedModels.names(TestData.root());
    assertTrue(
        names.containsAll(
            java.util.List.of(
                "dcgan-mnist",
                "dcgan-fashion-mnist",
                "dcgan-mnist-conditional",
                "dcgan-fashion-mnist-conditional",
                "classifier-mnist",
                "classifier-fashion-mnist")),
        names.toString());
    for (Path base : ShippedModels.bases()) {
      assertTrue(Files.isDirectory(base), base + " is listed in serving/models.config but absent");
    }
    assertTrue(Files.isDirectory(ShippedModels.dcganMnist()));
    assertTrue(Files.isDirectory(ShippedModels.classifierMnist()));
  }
}
