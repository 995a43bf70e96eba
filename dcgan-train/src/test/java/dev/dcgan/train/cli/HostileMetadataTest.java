package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a model's metadata says is its author's word: it may not lead the commands elsewhere. */
class HostileMetadataTest {
  @TempDir Path tmp;

  @Test
  void aDataSetNameWithPathSeparatorsNamesNoClassifier() throws IOException {
    // "../x" would make models/classifier-../x: a classifier outside models/.
    Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
    Path model = copyOfShipped("dcgan-mnist", tmp.resolve("m"));
    Path json = model.resolve("assets.extra").resolve("dcgan.json");
    Files.writeString(
        json,
        Files.readString(json)
            .replaceFirst("\"dataset\": \"mnist\"", "\"dataset\": \"/../../" + outside + "\""));

    var r = MainTest.run("evaluate", "--model", model.toString(), "--count", "16");

    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("is not a folder name"), r.err());
    assertTrue(r.err().contains("pass --classifier DIR"), r.err());
  }

  private static Path copyOfShipped(String name, Path into) throws IOException {
    Path from =
        dev.dcgan.inference.ModelFolders.resolveVersion(
            TestData.root().resolve("models").resolve(name));
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, into.resolve(from.relativize(f).toString()));
      }
    }
    return into;
  }
}
