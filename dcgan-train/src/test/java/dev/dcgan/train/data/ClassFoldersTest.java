package dev.dcgan.train.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class folder names sort in label order, make no nested folders, and name their classes back. */
class ClassFoldersTest {
  @Test
  void foldersSortInLabelOrderAndAreSafe() {
    var names = IntStream.range(0, 12).mapToObj(i -> i == 11 ? "a/b\\c ..: é" : "c" + i).toList();
    var folders = IntStream.range(0, 12).mapToObj(i -> ClassFolders.of(i, names)).toList();
    assertEquals("00-c0", folders.get(0));
    assertEquals("11-a_b_c_____é", folders.get(11));
    assertEquals(folders.stream().sorted().toList(), folders, "sorted by name = label order");
    var many = IntStream.range(0, 101).mapToObj(i -> "x").toList();
    assertEquals("007-x", ClassFolders.of(7, many), "zero-padded to the widest index");
    assertEquals("a".repeat(ClassFolders.MAX_NAME), ClassFolders.safe("a".repeat(500)));
  }

  @Test
  void theManifestNamesListedFoldersOnly(@TempDir Path dir) throws IOException {
    var classes = List.of("t-shirt/top", "trouser");
    assertEquals(List.of("x"), ClassFolders.names(dir, List.of("x")), "no manifest");
    ClassFolders.writeManifest(dir, classes);
    assertEquals(
        List.of("t-shirt/top", "trouser", "extra"),
        ClassFolders.names(dir, List.of("00-t-shirt_top", "01-trouser", "extra")));
    assertEquals(List.of("trouser"), ClassFolders.names(dir, List.of("01-trouser")));

    Files.writeString(dir.resolve(ClassFolders.MANIFEST), "{\"classes\": [\"a\", \"A\"]}");
    var twice = assertThrows(IOException.class, () -> ClassFolders.names(dir, List.of("00-a")));
    assertTrue(twice.getMessage().contains("named as another class"), twice.getMessage());
    Files.writeString(dir.resolve(ClassFolders.MANIFEST), "{\"classes\": [");
    var cut = assertThrows(IOException.class, () -> ClassFolders.names(dir, List.of("00-a")));
    assertTrue(cut.getMessage().startsWith(dir.resolve(ClassFolders.MANIFEST).toString()));
  }
}
