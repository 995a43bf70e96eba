package dev.dcgan.train.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10LoaderTest {
  /** n records; record r has label r % 10 and plane values R = r, G = 100 + pixel % 50, B = 200. */
  static byte[] records(int n) {
    var b = new byte[n * Cifar10Loader.RECORD];
    for (int r = 0; r < n; r++) {
      int base = r * Cifar10Loader.RECORD;
      b[base] = (byte) (r % 10);
      for (int p = 0; p < 1024; p++) {
        b[base + 1 + p] = (byte) r;
        b[base + 1 + 1024 + p] = (byte) (100 + p % 50);
        b[base + 1 + 2048 + p] = (byte) 200;
      }
    }
    return b;
  }

  @Test
  void readsBatchesAsHwcWithLabels(@TempDir Path tmp) throws IOException {
    Files.write(tmp.resolve("data_batch_1.bin"), records(3));
    Files.write(tmp.resolve("data_batch_2.bin"), records(2));
    Files.write(tmp.resolve("test_batch.bin"), records(4));
    assertEquals(DataFormat.CIFAR10, DataFormat.detect(tmp));
    var train = DataSets.load(tmp, Split.TRAIN);
    assertEquals(5, train.count());
    assertEquals(3, train.channels());
    assertArrayEquals(new int[] {0, 1, 2, 0, 1}, train.labels());
    int img = 2 * train.imageBytes();
    int pixel = 7;
    assertEquals(2, train.pixels()[img + 3 * pixel] & 0xff, "R");
    assertEquals(107, train.pixels()[img + 3 * pixel + 1] & 0xff, "G");
    assertEquals(200, train.pixels()[img + 3 * pixel + 2] & 0xff, "B");
    assertEquals(4, DataSets.load(tmp, Split.TEST).count());
    var gray = DataSets.load(tmp, DataFormat.CIFAR10, Split.TEST, new LoadOptions(0, 1, 2, 0));
    assertEquals(2, gray.count());
    assertEquals(1, gray.channels());
  }

  @Test
  void truncatedOrMissingFilesAreClearErrors(@TempDir Path tmp) throws IOException {
    var bytes = records(2);
    Files.write(
        tmp.resolve("data_batch_1.bin"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
    var e = assertThrows(IOException.class, () -> DataSets.load(tmp, Split.TRAIN));
    assertTrue(e.getMessage().contains("not a whole number of 3073-byte records"), e.getMessage());
    var missing = assertThrows(IOException.class, () -> DataSets.load(tmp, Split.TEST));
    assertTrue(missing.getMessage().contains("test_batch.bin"), missing.getMessage());
    Files.write(tmp.resolve("data_batch_1.bin"), bytes);
    bytes[Cifar10Loader.RECORD] = 42; // second record's label
    Files.write(tmp.resolve("data_batch_1.bin"), bytes);
    var label = assertThrows(IOException.class, () -> DataSets.load(tmp, Split.TRAIN));
    assertTrue(label.getMessage().contains("label 42"), label.getMessage());
  }
}
