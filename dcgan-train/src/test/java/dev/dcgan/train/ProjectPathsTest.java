package dev.dcgan.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectPathsTest {
  @TempDir Path tmp;

  @Test
  void aFileMissingHereIsTheProjectsEvenWhenItsFolderIsHere() throws IOException {
    // The tests run in dcgan-train/, which has no models/classifier-mnist; the project has one.
    Path classifier = Path.of("models", "classifier-mnist");
    assertFalse(Files.exists(classifier));
    Path home = TestData.root();
    assertEquals(home.resolve(classifier), ProjectPaths.resolve(classifier, home.toString()));
    assertEquals(classifier, ProjectPaths.resolve(classifier, tmp.toString()), "nowhere: as given");
    assertEquals(classifier, ProjectPaths.resolve(classifier, null));
  }

  @Test
  void recordablePathsAreProjectRelativeOrANameAlone() {
    Path home = tmp.resolve("project");
    assertEquals(
        Path.of("models/dcgan-photos"),
        ProjectPaths.recordable(home.resolve("models/dcgan-photos"), home.toString()));
    assertEquals(
        Path.of("info20"),
        ProjectPaths.recordable(Path.of("/work/eval/models/info20"), home.toString()));
    assertEquals(Path.of("models/a"), ProjectPaths.recordable(Path.of("models/a"), null));
    assertFalse(ProjectPaths.recordable(Path.of("../elsewhere/m"), null).isAbsolute());
  }
}
