package dev.dcgan.train.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.dcgan.train.ConfigurationException;
import dev.dcgan.train.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFormatTest {
  @Test
  void detectsFromThePath(@TempDir Path tmp) throws IOException {
    assertEquals(DataFormat.FAKE, DataFormat.detect(Path.of("fake")));
    assertEquals(DataFormat.IDX, DataFormat.detect(TestData.mnist()));
    assertEquals(
        DataFormat.IDX, DataFormat.detect(TestData.mnist().resolve("t10k-images-idx3-ubyte.gz")));
    assertEquals(DataFormat.FOLDER, DataFormat.detect(tmp));
    Files.write(tmp.resolve("x.bin"), new byte[0]);
    assertEquals(DataFormat.CIFAR10, DataFormat.detect(tmp.resolve("x.bin")));
    assertEquals(DataFormat.FOLDER, DataFormat.parse("Folder"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> DataFormat.parse("tfrecord"))
            .getMessage()
            .contains("known"));
  }

  @Test
  void fakeDataHasTheRequestedShapeAndIsReproducible() throws IOException {
    var a = DataSets.load(Path.of("fake"), null, Split.TRAIN, new LoadOptions(16, 3, 50, 7));
    var b = DataSets.load(Path.of("fake"), null, Split.TRAIN, new LoadOptions(16, 3, 50, 7));
    assertEquals(50, a.count());
    assertEquals(16, a.height());
    assertEquals(3, a.channels());
    assertArrayEquals(a.pixels(), b.pixels());
  }

  @Test
  void idxImagesAreNotResizedSilently() {
    var e =
        assertThrows(
            ConfigurationException.class,
            () -> DataSets.load(TestData.mnist(), null, Split.TEST, new LoadOptions(32, 0, 0, 0)));
    assertTrue(e.getMessage().contains("not resized"), e.getMessage());
  }

  @Test
  void prefetcherYieldsTheSamplersBatchesInOrder() throws Exception {
    var data = DataSets.load(Path.of("fake"), null, Split.TRAIN, new LoadOptions(4, 1, 10, 1));
    var sampler = new BatchSampler(data, 4, 3);
    var expected = new byte[4 * 16];
    try (var p = new BatchPrefetcher(sampler, 1, 1, 3, 2)) {
      // epoch 1 from batch 1: batches 1, 2 (sizes 4, 2); epoch 2: 0, 1, 2
      int[][] positions = {{1, 1}, {1, 2}, {2, 0}, {2, 1}, {2, 2}};
      for (int[] pos : positions) {
        try (var batch = p.next()) {
          assertNotNull(batch);
          assertEquals(pos[0], batch.epoch());
          assertEquals(pos[1], batch.index());
          int n = sampler.fill(sampler.order(pos[0]), pos[1], expected);
          assertEquals(n, batch.size());
          for (int i = 0; i < n * 16; i++)
            assertEquals(expected[i], batch.images().getByte(i / 16, i % 16 / 4, i % 4, 0));
        }
      }
      assertNull(p.next());
      assertNull(p.next(), "stays at the end");
    }
  }
}
