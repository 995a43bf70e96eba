package dev.dcgan.train.eval;

import dev.dcgan.train.Fuzz;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A damaged samples file reads or ends in an {@link IOException} naming the file, never in another
 * exception, a hang, or an allocation beyond the images the file holds.
 */
class SamplesFileFuzzTest {
  static final int H = 4, W = 3, C = 1;

  static Path dir;

  @BeforeContainer
  static void folder() {
    dir = Fuzz.newFolder("samples-fuzz");
  }

  @AfterContainer
  static void removeFolder() throws IOException {
    Fuzz.delete(dir);
  }

  @Provide
  Arbitrary<byte[]> damagedSamples() {
    var valid = ByteBuffer.allocate(3 * H * W * C * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; valid.hasRemaining(); i++) valid.putFloat(i % 7 / 7f);
    return Fuzz.mutationsOf(valid.array());
  }

  @Property
  void anySamplesFileReadsOrThrowsIOException(@ForAll("damagedSamples") byte[] bytes) {
    Path file = Fuzz.write(dir.resolve("samples.f32"), bytes);
    var outcome =
        Fuzz.run(
            () ->
                SamplesFile.read(
                    file,
                    H,
                    W,
                    C,
                    (int) Math.min(Integer.MAX_VALUE, SamplesFile.count(file, H, W, C))));
    Fuzz.assertEndsWell(outcome, IOException.class, file.toString(), (1 << 20) + 4L * bytes.length);
  }
}
