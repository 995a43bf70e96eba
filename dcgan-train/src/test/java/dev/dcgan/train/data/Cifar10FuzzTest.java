package dev.dcgan.train.data;

import dev.dcgan.train.Fuzz;
import java.io.IOException;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Damaged CIFAR-10 batches end in an {@link IOException} naming the file, never in another
 * exception, a hang, or an allocation the file's size does not justify.
 */
class Cifar10FuzzTest {
  static Path dir;

  @BeforeContainer
  static void folder() {
    dir = Fuzz.newFolder("cifar10-fuzz");
  }

  @AfterContainer
  static void removeFolder() throws IOException {
    Fuzz.delete(dir);
  }

  @Provide
  Arbitrary<byte[]> damagedBatch() {
    return Fuzz.mutationsOf(Cifar10LoaderTest.records(2));
  }

  @Property
  void anyBatchLoadsOrThrowsIOException(@ForAll("damagedBatch") byte[] bytes) {
    Path file = Fuzz.write(dir.resolve("data_batch_1.bin"), bytes);
    var outcome =
        Fuzz.run(() -> DataSets.load(dir, DataFormat.CIFAR10, Split.TRAIN, LoadOptions.DEFAULT));
    // The file, the images as uint8 and their labels: a few times the file's size.
    Fuzz.assertEndsWell(outcome, IOException.class, dir.toString(), (1 << 20) + 8L * bytes.length);
  }
}
