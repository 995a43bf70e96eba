package dev.dcgan.inference;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns generator output into pictures: one NHWC float image into a {@link BufferedImage}, many
 * images into a grid, and a picture into a PNG file. Shared by this library and the trainer.
 */
public final class ImageGrid {
  /** Pixels between grid cells, filled black. */
  public static final int DEFAULT_GAP = 2;

  private ImageGrid() {}

  /**
   * A value in [0, 1] as a byte value: {@code round(v * 255)} clamped to [0, 255]; NaN gives 0.
   *
   * @param v a pixel value, nominally in [0, 1]
   * @return 0..255
   */
  public static int quantize(float v) {
    // Math.round(NaN) is 0, so NaN needs no special case.
    return Math.max(0, Math.min(255, Math.round(v * 255f)));
  }

  /**
   * Image {@code index} of an NHWC float array as a picture.
   *
   * @param nhwc pixels of one or more images, NHWC, values in [0, 1]
   * @param index which image
   * @param h image height
   * @param w image width
   * @param c 1 (gives {@code TYPE_BYTE_GRAY}) or 3 (gives {@code TYPE_INT_RGB})
   * @return a new image
   * @throws IllegalArgumentException on a channel count other than 1 or 3, or sizes that don't fit
   * @throws IndexOutOfBoundsException if {@code index} is past the images in {@code nhwc}
   */
  public static BufferedImage toImage(float[] nhwc, int index, int h, int w, int c) {
    Objects.requireNonNull(nhwc, "nhwc");
    if (h < 1 || w < 1)
      throw new IllegalArgumentException("image size must be positive, was " + h + "x" + w);
    int type = imageType(c);
    int size = Math.multiplyExact(Math.multiplyExact(h, w), c);
    if (nhwc.length % size != 0) {
      throw new IllegalArgumentException(
          "pixel array of length "
              + nhwc.length
              + " does not hold whole "
              + h
              + "x"
              + w
              + "x"
              + c
              + " images");
    }
    Objects.checkIndex(index, nhwc.length / size);
    int[] samples = new int[size];
    int offset = index * size;
    for (int k = 0; k < size; k++) samples[k] = quantize(nhwc[offset + k]);
    var image = new BufferedImage(w, h, type);
    // Both raster layouts take interleaved samples, which is exactly HWC order.
    image.getRaster().setPixels(0, 0, w, h, samples);
    return image;
  }

  /**
   * The picture type for images of {@code channels} channels.
   *
   * @param channels 1 (gives {@code TYPE_BYTE_GRAY}) or 3 (gives {@code TYPE_INT_RGB})
   * @return a {@link BufferedImage} type
   * @throws IllegalArgumentException on other channel counts
   */
  public static int imageType(int channels) {
    return switch (channels) {
      case 1 -> BufferedImage.TYPE_BYTE_GRAY;
      case 3 -> BufferedImage.TYPE_INT_RGB;
      default ->
          throw new IllegalArgumentException(
              "channels must be 1 or 3 to make a picture, was " + channels);
    };
  }

  /**
   * Tiles pictures row-major into a grid with {@code gap} black pixels between cells (none around
   * the edge). Fewer images than {@code columns} give a single row only as wide as needed.
   *
   * @param images pictures of one size; the grid takes the first one's type
   * @param columns cells per row, at least 1
   * @param gap pixels between cells, at least 0
   * @return a new image
   */
  public static BufferedImage tile(List<BufferedImage> images, int columns, int gap) {
    Objects.requireNonNull(images, "images");
    if (images.isEmpty()) throw new IllegalArgumentException("no images to tile");
    if (columns < 1)
      throw new IllegalArgumentException("columns must be at least 1, was " + columns);
    if (gap < 0) throw new IllegalArgumentException("gap must not be negative, was " + gap);
    BufferedImage first = images.get(0);
    int type =
        first.getType() == BufferedImage.TYPE_CUSTOM ? BufferedImage.TYPE_INT_RGB : first.getType();
    var grid =
        new GridCanvas(images.size(), first.getWidth(), first.getHeight(), type, columns, gap);
    for (int i = 0; i < images.size(); i++) grid.put(i, images.get(i));
    return grid.image();
  }

  /**
   * Writes {@code image} as a PNG so readers never see a half-written file: it goes to a temporary
   * file in the same folder first, then is moved over {@code file} atomically. Creates missing
   * parent folders.
   *
   * @param image the picture
   * @param file where the PNG goes
   * @throws IOException if it cannot be written
   */
  public static void writePngAtomically(BufferedImage image, Path file) throws IOException {
    Objects.requireNonNull(image, "image");
    Path target = file.toAbsolutePath();
    Path folder = target.getParent();
    Files.createDirectories(folder);
    // Not Files.createTempFile: its 0600 permissions would stick to the final PNG.
    Path tmp =
        folder.resolve(
            "."
                + target.getFileName()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
    boolean moved = false;
    try {
      try (OutputStream out =
              Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          var stream = new MemoryCacheImageOutputStream(out)) {
        if (!ImageIO.write(image, "png", stream)) {
          throw new IOException("no PNG writer for image type " + image.getType());
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
    } finally {
      if (!moved) Files.deleteIfExists(tmp);
    }
  }
}
