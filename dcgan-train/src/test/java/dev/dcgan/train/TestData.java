package dev.dcgan.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Locates the embedded data from wherever the tests run. */
public final class TestData {
  private TestData() {}

  public static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("data").resolve("mnist"))) p = p.getParent();
    if (p == null)
      throw new IllegalStateException("no data/mnist above " + Path.of("").toAbsolutePath());
    return p;
  }

  public static Path mnist() {
    return root().resolve("data").resolve("mnist");
  }

  /**
   * A folder data set of {@code classes} sub-folders {@code class0, class1, ...}, each with {@code
   * perClass} random grayscale PNGs of side {@code side}.
   */
  public static Path classFolders(Path dir, int classes, int perClass, int side)
      throws IOException {
    for (int c = 0; c < classes; c++) imageFolder(dir.resolve("class" + c), perClass, side);
    return dir;
  }

  /** A folder of {@code count} random grayscale PNGs of side {@code side}, no sub-folders. */
  public static Path imageFolder(Path dir, int count, int side) throws IOException {
    Files.createDirectories(dir);
    var random = new Random(dir.toString().hashCode());
    for (int i = 0; i < count; i++) {
      var image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++) image.getRaster().setSample(x, y, 0, random.nextInt(256));
      ImageIO.write(image, "png", dir.resolve("image" + i + ".png").toFile());
    }
    return dir;
  }
}
