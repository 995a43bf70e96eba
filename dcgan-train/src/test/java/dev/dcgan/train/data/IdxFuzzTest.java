package dev.dcgan.train.data;

import dev.dcgan.train.Fuzz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Damaged and forged IDX files end in {@link IdxFormatException} (the folder loader: an {@link
 * IOException} naming the data set), never in another exception, a hang, or an allocation the
 * file's size does not justify.
 */
class IdxFuzzTest {
  static Path dir;
  static byte[] rawImages;
  static byte[] gzImages;
  static byte[] labels;

  @BeforeContainer
  static void validFiles() throws IOException {
    dir = Fuzz.newFolder("idx-fuzz");
    var pixels = new byte[6 * 5 * 4];
    new Random(1).nextBytes(pixels);
    rawImages = valid(new int[] {6, 5, 4}, pixels, false);
    gzImages = valid(new int[] {6, 5, 4}, pixels, true);
    labels = valid(new int[] {6}, new byte[] {0, 1, 2, 3, 4, 9}, false);
  }

  private static byte[] valid(int[] dims, byte[] data, boolean gzip) throws IOException {
    Path file = dir.resolve("valid");
    IdxFile.write(file, dims, data, gzip);
    return Files.readAllBytes(file);
  }

  @AfterContainer
  static void removeFiles() throws IOException {
    Fuzz.delete(dir);
  }

  /** What reading n bytes may allocate: buffers, the data, and the growth of readNBytes. */
  static long budget(byte[] input) {
    return (4 << 20) + 64L * input.length;
  }

  @Provide
  Arbitrary<byte[]> damagedImages() {
    return Arbitraries.oneOf(Fuzz.mutationsOf(rawImages), Fuzz.mutationsOf(gzImages));
  }

  @Property
  void anyImageFileReadsOrThrowsIdxFormatException(@ForAll("damagedImages") byte[] bytes) {
    Path file = Fuzz.write(dir.resolve("images-idx3-ubyte"), bytes);
    var outcome = Fuzz.run(() -> IdxFile.read(file));
    Fuzz.assertEndsWell(outcome, IdxFormatException.class, file.toString(), budget(bytes));
  }

  @Provide
  Arbitrary<byte[][]> damagedFolder() {
    Arbitrary<byte[][]> badImages = damagedImages().map(b -> new byte[][] {b, labels});
    Arbitrary<byte[][]> badLabels = Fuzz.mutationsOf(labels).map(b -> new byte[][] {rawImages, b});
    return Arbitraries.oneOf(badImages, badLabels);
  }

  @Property
  void anyMnistFolderLoadsOrThrowsIOException(@ForAll("damagedFolder") byte[][] files) {
    Path folder = dir.resolve("fuzzed-mnist");
    Fuzz.write(folder.resolve("train-images-idx3-ubyte"), files[0]);
    Fuzz.write(folder.resolve("train-labels-idx1-ubyte"), files[1]);
    var outcome =
        Fuzz.run(() -> DataSets.load(folder, DataFormat.IDX, Split.TRAIN, LoadOptions.DEFAULT));
    Fuzz.assertEndsWell(
        outcome, IOException.class, "fuzzed-mnist", budget(files[0]) + budget(files[1]));
  }
}
