package dev.dcgan.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistFilesTest {
  @TempDir Path dir;

  @Test
  void findsEmbeddedGzippedMnist() throws IOException {
    Path mnist = IdxFileTest.repoRoot().resolve("data/mnist");
    assertEquals(
        mnist.resolve("train-images-idx3-ubyte.gz"), MnistFiles.images(mnist, Split.TRAIN));
    assertEquals(
        mnist.resolve("train-labels-idx1-ubyte.gz"), MnistFiles.labels(mnist, Split.TRAIN));
    assertEquals(mnist.resolve("t10k-images-idx3-ubyte.gz"), MnistFiles.images(mnist, Split.TEST));
    assertEquals(mnist.resolve("t10k-labels-idx1-ubyte.gz"), MnistFiles.labels(mnist, Split.TEST));
  }

  @Test
  void prefersUncompressedAndAcceptsDottedNames() throws IOException {
    Files.createFile(dir.resolve("t10k-images-idx3-ubyte.gz"));
    Files.createFile(dir.resolve("t10k-images-idx3-ubyte"));
    Files.createFile(dir.resolve("t10k-labels.idx1-ubyte"));
    assertEquals(dir.resolve("t10k-images-idx3-ubyte"), MnistFiles.images(dir, Split.TEST));
    assertEquals(dir.resolve("t10k-labels.idx1-ubyte"), MnistFiles.labels(dir, Split.TEST));
  }

  @Test
  void missingFileNamesFolderAndCandidates() {
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> MnistFiles.labels(dir, Split.TRAIN));
    assertTrue(e.getMessage().startsWith(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz"), e.getMessage());
    assertTrue(e.getMessage().contains("train-labels-idx1-ubyte,"), e.getMessage());
  }

  @Test
  void findsDebianFashionMnistIfInstalled() throws IOException {
    Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
    assumeTrue(Files.isDirectory(fashion), "dataset-fashion-mnist is not installed");
    IdxFile labels = IdxFile.read(MnistFiles.labels(fashion, Split.TEST));
    assertArrayEquals(new int[] {10000}, labels.dims());
    assertTrue(Files.isRegularFile(MnistFiles.images(fashion, Split.TRAIN)));
  }
}
