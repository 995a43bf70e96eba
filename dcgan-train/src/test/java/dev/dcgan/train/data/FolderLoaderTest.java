package dev.dcgan.train.data;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLoaderTest {
  static void write(Path file, int w, int h, int type, Color fill, String format)
      throws IOException {
    var image = new BufferedImage(w, h, type);
    var g = image.createGraphics();
    g.setColor(fill);
    g.fillRect(0, 0, w, h);
    g.dispose();
    Files.createDirectories(file.getParent());
    assertTrue(ImageIO.write(image, format, file.toFile()), "no writer for " + format);
  }

  /**
   * cats/ (2 RGB images of other sizes and formats), dogs/ (gray PNG, BMP, GIF), a corrupt PNG, a
   * text file.
   */
  static Path mixedFolder(Path root) throws IOException {
    write(root.resolve("cats/a.png"), 40, 30, BufferedImage.TYPE_INT_RGB, Color.RED, "png");
    write(root.resolve("cats/b.jpg"), 100, 80, BufferedImage.TYPE_INT_RGB, Color.BLUE, "jpg");
    write(root.resolve("dogs/c.png"), 64, 64, BufferedImage.TYPE_BYTE_GRAY, Color.GRAY, "png");
    write(root.resolve("dogs/d.bmp"), 20, 20, BufferedImage.TYPE_INT_RGB, Color.GREEN, "bmp");
    write(root.resolve("dogs/sub/e.gif"), 50, 50, BufferedImage.TYPE_INT_RGB, Color.WHITE, "gif");
    Files.write(root.resolve("dogs/broken.png"), new byte[] {1, 2, 3, 4, 5});
    Files.writeString(root.resolve("cats/notes.txt"), "not an image");
    return root;
  }

  @Test
  void readsMixedSizesAndFormatsSkippingWhatItCannotRead(@TempDir Path tmp) throws IOException {
    var data = DataSets.load(mixedFolder(tmp), null, Split.TRAIN, new LoadOptions(32, 0, 0, 0));
    assertEquals(5, data.count());
    assertEquals(32, data.height());
    assertEquals(32, data.width());
    assertEquals(3, data.channels(), "colour images present: RGB");
    // Sorted paths: cats/a.png, cats/b.jpg, dogs/c.png, dogs/d.bmp, dogs/sub/e.gif
    assertArrayEquals(new int[] {0, 0, 1, 1, 1}, data.labels());
    int px = 16 * 32 * 3 + 16 * 3; // centre pixel
    assertEquals(255, data.pixels()[px] & 0xff, "red image, red channel");
    assertEquals(0, data.pixels()[px + 1] & 0xff, "red image, green channel");
    int blue = data.imageBytes() + px;
    assertTrue((data.pixels()[blue + 2] & 0xff) > 240, "blue image (JPEG), blue channel");
    assertEquals(2, data.notes().size(), data.notes().toString());
    assertTrue(data.notes().get(0).contains("1 file(s) that are not"), data.notes().toString());
    assertTrue(data.notes().get(1).contains("dogs/broken.png"), data.notes().toString());
  }

  @Test
  void grayscaleOnRequestAndAutomaticallyForGrayImages(@TempDir Path tmp) throws IOException {
    var gray =
        DataSets.load(
            mixedFolder(tmp), DataFormat.FOLDER, Split.TRAIN, new LoadOptions(16, 1, 0, 0));
    assertEquals(1, gray.channels());
    assertEquals(76, gray.pixels()[8 * 16 + 8] & 0xff, "luma of pure red is 0.299*255");
    Path grays = tmp.resolve("grays");
    write(grays.resolve("x.png"), 10, 10, BufferedImage.TYPE_BYTE_GRAY, Color.DARK_GRAY, "png");
    write(grays.resolve("y.png"), 12, 10, BufferedImage.TYPE_INT_RGB, Color.LIGHT_GRAY, "png");
    var auto = DataSets.load(grays, null, Split.TRAIN, new LoadOptions(8, 0, 0, 0));
    assertEquals(1, auto.channels());
    assertNull(auto.labels(), "no class folders, no labels");
  }

  @Test
  void centreCropKeepsTheMiddle(@TempDir Path tmp) throws IOException {
    // 300x100: a white centre square between black side bands.
    var image = new BufferedImage(300, 100, BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(100, 0, 100, 100);
    g.dispose();
    Files.createDirectories(tmp.resolve("wide"));
    ImageIO.write(image, "png", tmp.resolve("wide/w.png").toFile());
    var data = DataSets.load(tmp.resolve("wide"), null, Split.TRAIN, new LoadOptions(10, 1, 0, 0));
    for (int i = 0; i < 100; i++)
      assertEquals(255, data.pixels()[i] & 0xff, "pixel " + i + " is not from the centre");
  }

  @Test
  void emptyOrImagelessFoldersAreClearErrors(@TempDir Path tmp) throws IOException {
    Files.createDirectories(tmp.resolve("empty"));
    var e =
        assertThrows(
            IOException.class,
            () ->
                DataSets.load(
                    tmp.resolve("empty"), DataFormat.FOLDER, Split.TRAIN, LoadOptions.DEFAULT));
    assertTrue(e.getMessage().contains("the folder is empty"), e.getMessage());
    Files.createDirectories(tmp.resolve("text"));
    Files.writeString(tmp.resolve("text/a.txt"), "x");
    e =
        assertThrows(
            IOException.class,
            () -> DataSets.load(tmp.resolve("text"), null, Split.TRAIN, LoadOptions.DEFAULT));
    assertTrue(e.getMessage().contains("no images"), e.getMessage());
    Files.createDirectories(tmp.resolve("broken"));
    Files.write(tmp.resolve("broken/a.png"), new byte[] {9, 9, 9});
    e =
        assertThrows(
            IOException.class,
            () -> DataSets.load(tmp.resolve("broken"), null, Split.TRAIN, LoadOptions.DEFAULT));
    assertTrue(e.getMessage().contains("none of the 1 image files could be read"), e.getMessage());
  }
}
