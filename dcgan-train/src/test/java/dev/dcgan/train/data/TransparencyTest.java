package dev.dcgan.train.data;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransparencyTest {
  static final int SIZE = 8;

  /**
   * An 8x8 RGBA PNG in a class folder: columns 0-3 opaque red, 4-5 blue at alpha 128, 6-7 fully
   * transparent (stored as transparent black, as emoji PNGs store them).
   */
  static Path rgbaFolder(Path root) throws IOException {
    var image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < SIZE; y++)
      for (int x = 0; x < SIZE; x++) {
        int argb = x < 4 ? 0xFFFF0000 : x < 6 ? 0x800000FF : 0x00000000;
        image.setRGB(x, y, argb);
      }
    Path file = root.resolve("faces/smile.png");
    Files.createDirectories(file.getParent());
    assertTrue(ImageIO.write(image, "png", file.toFile()));
    return root;
  }

  private static int[] pixel(ImageDataset data, int x, int y) {
    int at = (y * SIZE + x) * 3;
    return new int[] {
      data.pixels()[at] & 0xff, data.pixels()[at + 1] & 0xff, data.pixels()[at + 2] & 0xff
    };
  }

  private static ImageDataset load(Path dir, Background background) throws IOException {
    return DataSets.load(
        dir, null, Split.TRAIN, new LoadOptions(SIZE, 0, 0, 0).withBackground(background));
  }

  @Test
  void transparentPixelsAreWhiteByDefaultNotBlack(@TempDir Path tmp) throws IOException {
    var data = DataSets.load(rgbaFolder(tmp), null, Split.TRAIN, new LoadOptions(SIZE, 0, 0, 0));
    assertEquals(3, data.channels());
    assertArrayEquals(new int[] {255, 0, 0}, pixel(data, 1, 1), "opaque stays as it is");
    assertArrayEquals(new int[] {255, 255, 255}, pixel(data, 7, 3), "transparent: white");
    var half = pixel(data, 4, 3); // 128/255 blue over white
    assertEquals(127, half[0], 1);
    assertEquals(127, half[1], 1);
    assertEquals(255, half[2]);
  }

  @Test
  void theBackgroundIsSettable(@TempDir Path tmp) throws IOException {
    var dir = rgbaFolder(tmp);
    assertArrayEquals(new int[] {0, 0, 0}, pixel(load(dir, Background.BLACK), 6, 0));
    var teal = load(dir, Background.parse("#336699"));
    assertArrayEquals(new int[] {0x33, 0x66, 0x99}, pixel(teal, 7, 7));
    var half = pixel(teal, 5, 0); // 128/255 of (0, 0, 255) + 127/255 of (0x33, 0x66, 0x99)
    assertEquals(0x33 * 127 / 255, half[0], 1);
    assertEquals(0x66 * 127 / 255, half[1], 1);
    assertEquals((255 * 128 + 0x99 * 127) / 255, half[2], 1);
  }

  @Test
  void parsesNamesAndHexAndRejectsTheRest() {
    assertEquals(Background.WHITE, Background.parse(" White "));
    assertEquals(new Background(0x808080), Background.parse("gray"));
    assertEquals(new Background(0xABCDEF), Background.parse("abcdef"));
    assertEquals("#336699", Background.parse("#336699").toString());
    var e = assertThrows(IllegalArgumentException.class, () -> Background.parse("#12345"));
    assertTrue(e.getMessage().contains("'#12345'"), e.getMessage());
  }
}
