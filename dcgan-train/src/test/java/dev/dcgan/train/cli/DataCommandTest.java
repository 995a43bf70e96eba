package dev.dcgan.train.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dcgan data}: its words and flags; the building itself is EmojiDatasetTest's. */
class DataCommandTest {
  @Test
  void namesTheDataSetOrIsUsage() {
    var none = MainTest.run("data");
    assertEquals(2, none.code());
    assertTrue(none.err().contains("name the data set: emoji"), none.err());
    var other = MainTest.run("data", "flowers");
    assertEquals(2, other.code());
    assertTrue(other.err().contains("unknown data set 'flowers'"), other.err());
    assertTrue(MainTest.run("--help").out().contains("data "), "the overview lists data");
  }

  @Test
  void otherCommandsStillRefuseStrayWords() {
    var r = MainTest.run("inspect", "--model", "models/none", "stray");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unexpected argument 'stray'"), r.err());
  }

  @Test
  void aFailedDownloadIsItsOwnSentenceAndWritesNoFolder(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("emoji");
    var command =
        new DataCommand(
            (name, version, folder) -> {
              throw new IOException("cannot run 'npm' (is Node.js's npm installed?)");
            });
    var cl =
        new DefaultParser()
            .parse(command.options(), new String[] {"emoji", "--out", out.toString()});
    var printed = new ByteArrayOutputStream();
    var e =
        assertThrows(
            IOException.class,
            () -> command.run(cl, new PrintStream(printed, true, StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().startsWith("cannot run 'npm'"), e.getMessage());
    assertFalse(Files.exists(out));
  }
}
