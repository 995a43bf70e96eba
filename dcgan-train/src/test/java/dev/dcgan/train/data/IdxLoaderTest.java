package dev.dcgan.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxLoaderTest {
  /** Was read, and only the model's "channels must be 1 or 3" said that the file was at fault. */
  @Test
  void imagesOfTwoChannelsAreRefusedNamingTheDataSet(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("pairs-idx4-ubyte");
    IdxFile.write(file, new int[] {3, 4, 4, 2}, new byte[3 * 4 * 4 * 2], false);
    var e =
        assertThrows(
            IOException.class, () -> new IdxLoader().open(file, Split.TRAIN, LoadOptions.DEFAULT));
    assertEquals(
        "pairs: images of 2 channels (the last of dimensions [3, 4, 4, 2]); only 1"
            + " (grayscale) or 3 (RGB) can be trained on",
        e.getMessage());
  }
}
