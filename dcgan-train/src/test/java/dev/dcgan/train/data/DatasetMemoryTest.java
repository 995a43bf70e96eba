package dev.dcgan.train.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every format is measured before it is read: a data set too big for the memory budget is refused
 * with the figures. Each data set here would fail differently if it were read (a header without
 * data, records with bad labels, files that are not images), so the refusal shows the check came
 * first.
 */
class DatasetMemoryTest {
  /** 1 MB of heap: 600 KB for a data set. */
  static final MemoryBudget SMALL = new MemoryBudget(1_000_000);

  static MemoryLimitException refused(Path path, DataFormat format, LoadOptions options) {
    return assertThrows(
        MemoryLimitException.class,
        () -> DataSets.load(path, format, Split.TRAIN, options.withMemory(SMALL)));
  }

  static void assertFigures(MemoryLimitException e, String countAndShape, long bytes) {
    String m = e.getMessage();
    assertTrue(m.contains(countAndShape + " as uint8"), m);
    assertTrue(m.contains("need " + MemoryBudget.gigabytes(bytes)), m);
    assertTrue(m.contains(MemoryBudget.gigabytes(SMALL.available()) + " of its"), m);
    assertTrue(m.contains(MemoryBudget.gigabytes(SMALL.heapBytes()) + " heap"), m);
    assertTrue(m.contains("--limit"), m);
  }

  @Test
  void idxHeaderAloneIsEnough(@TempDir Path tmp) throws IOException {
    // 100000 images of 64x64 claimed, no data: reading would say "truncated".
    Path file = tmp.resolve("big-images-idx3-ubyte");
    Files.write(
        file, new byte[] {0, 0, 8, 3, 0, 1, (byte) 0x86, (byte) 0xa0, 0, 0, 0, 64, 0, 0, 0, 64});
    var e = refused(file, DataFormat.IDX, LoadOptions.DEFAULT);
    assertFigures(e, "100000 images of 64x64x1", 100_000L * 64 * 64);
  }

  @Test
  void idxLimitCountsOnlyTheImagesKept() throws IOException {
    Path mnist = dev.dcgan.train.TestData.mnist();
    assertFigures(
        refused(mnist, DataFormat.IDX, LoadOptions.DEFAULT),
        "60000 images of 28x28x1",
        60000L * 784);
    var few =
        DataSets.load(mnist, null, Split.TRAIN, new LoadOptions(0, 0, 500, 0).withMemory(SMALL));
    assertEquals(500, few.count());
    assertEquals(500, few.labels().length);
    var all = DataSets.load(mnist, Split.TRAIN);
    assertArrayEquals(
        java.util.Arrays.copyOf(all.pixels(), 500 * 784), few.pixels(), "the first 500 images");
  }

  @Test
  void cifar10FileSizesAreEnough(@TempDir Path tmp) throws IOException {
    var records = Cifar10LoaderTest.records(300);
    for (int r = 0; r < 300; r++) records[r * Cifar10Loader.RECORD] = 99; // bad labels, if read
    Files.write(tmp.resolve("data_batch_1.bin"), records);
    assertFigures(
        refused(tmp, DataFormat.CIFAR10, LoadOptions.DEFAULT),
        "300 images of 32x32x3",
        300L * 3072);
  }

  @Test
  void folderFileCountIsEnough(@TempDir Path tmp) throws IOException {
    // Not images at all: decoding would find none readable.
    for (int i = 0; i < 200; i++) Files.write(tmp.resolve("img" + i + ".png"), new byte[] {1, 2});
    assertFigures(
        refused(tmp, DataFormat.FOLDER, LoadOptions.DEFAULT),
        "200 images of 64x64x3",
        200L * 12288);
    assertFigures(
        refused(tmp, DataFormat.FOLDER, new LoadOptions(64, 1, 0, 0)),
        "200 images of 64x64x1",
        200L * 4096);
  }

  @Test
  void fakeOptionsAreEnough() {
    assertFigures(
        refused(Path.of("fake"), DataFormat.FAKE, new LoadOptions(32, 3, 1000, 0)),
        "1000 images of 32x32x3",
        1000L * 3072);
  }

  @Test
  void oneArrayLimitIsCheckedToo() {
    var huge = new MemoryBudget(Long.MAX_VALUE / 2);
    var e =
        assertThrows(
            MemoryLimitException.class,
            () ->
                DataSets.load(
                    Path.of("fake"),
                    DataFormat.FAKE,
                    Split.TRAIN,
                    new LoadOptions(1024, 3, 1000, 0).withMemory(huge)));
    assertTrue(e.getMessage().contains("more than a Java array holds"), e.getMessage());
    assertTrue(e.getMessage().contains("1000 images of 1024x1024x3"), e.getMessage());
  }
}
