package dev.dcgan.train.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dcgan.train.Fuzz;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
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
 * <p>Mutations that make the header claim more pixels than {@link #MAX_CLAIMED_PIXELS} are left
 * out: refusing such decompression bombs before decoding is the pixel budget's job, tested where
 * that budget is.
 */
class FolderFuzzTest {
  static final long MAX_CLAIMED_PIXELS = 1 << 22;

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
        .flatMap(f -> Fuzz.mutationsOf(valid(f)).map(b -> new Damaged(f, b)))
        .filter(d -> claimedPixels(d.bytes()) <= MAX_CLAIMED_PIXELS);
  }

  /** Width x height as the image's header states them, or 0 if no reader can tell. */
  static long claimedPixels(byte[] bytes) {
    try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      var readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) return 0;
      var reader = readers.next();
      try {
        reader.setInput(in);
        return (long) reader.getWidth(0) * reader.getHeight(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  @Property
  void anyImageLoadsOrThrowsIOException(@ForAll("damagedImage") Damaged image) {
    Path folder = dir.resolve("photos");
    Fuzz.write(folder.resolve("image." + image.format()), image.bytes());
    var outcome =
        Fuzz.run(
            () ->
                DataSets.load(folder, DataFormat.FOLDER, Split.TRAIN, new LoadOptions(8, 0, 0, 0)));
    // Decoding happens on the common pool's threads, so this thread's allocation says little.
    Fuzz.assertEndsWell(outcome, IOException.class, folder.toString(), Long.MAX_VALUE);
  }
}
