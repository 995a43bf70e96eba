package dev.dcgan.train.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dcgan.train.Fuzz;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A folder whose only image is a damaged PNG, JPEG, BMP or GIF loads (when the damage left a
 * readable image) or ends in an {@link IOException} naming the folder, never in another exception
 * or a hang.
 *
 * <p>Mutations that make the header claim a huge size (decompression bombs) are kept: the pixel
 * budget, here {@link #MAX_IMAGE_PIXELS}, must skip them from their header, undecoded.
 */
class FolderFuzzTest {
  static final long MAX_IMAGE_PIXELS = 1 << 22;

  static Path dir;

  @BeforeContainer
  static void folder() {
    dir = Fuzz.newFolder("folder-fuzz");
  }

  @AfterContainer
  static void removeFolder() throws IOException {
    Fuzz.delete(dir);
  }

  record Damaged(String format, byte[] bytes) {}

  /** A 12x10 colour gradient in the given format. */
  static byte[] valid(String format) {
    var image = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, Color.RED, 12, 10, Color.CYAN));
    g.fillRect(0, 0, 12, 10);
    g.dispose();
    var out = new ByteArrayOutputStream();
    try {
      assertTrue(ImageIO.write(image, format, out), "no ImageIO writer for " + format);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  @Provide
  Arbitrary<Damaged> damagedImage() {
    return Arbitraries.of("png", "jpg", "bmp", "gif")
        .flatMap(f -> Fuzz.mutationsOf(valid(f)).map(b -> new Damaged(f, b)));
  }

  @Property
  void anyImageLoadsOrThrowsIOException(@ForAll("damagedImage") Damaged image) {
    Path folder = dir.resolve("photos");
    Fuzz.write(folder.resolve("image." + image.format()), image.bytes());
    var outcome =
        Fuzz.run(
            () ->
                DataSets.load(
                    folder,
                    DataFormat.FOLDER,
                    Split.TRAIN,
                    new LoadOptions(8, 0, 0, 0).withMaxImagePixels(MAX_IMAGE_PIXELS)));
    // Decoding happens on the common pool's threads, so this thread's allocation says little.
    Fuzz.assertEndsWell(outcome, IOException.class, folder.toString(), Long.MAX_VALUE);
  }
}
