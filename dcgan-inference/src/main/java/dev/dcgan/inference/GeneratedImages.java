package dev.dcgan.inference;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A batch of generated images: {@code count} images of {@code height x width x channels} float
 * pixels in NHWC order, values in [0, 1] (NaN passes through as the model produced it). Immutable
 * and safe to share between threads. Images of a class-conditional generator carry their class
 * labels, one per image.
 */
public final class GeneratedImages {
  private final int count;
  private final int height;
  private final int width;
  private final int channels;
  private final float[] pixels;
  private final int[] labels; // empty for an unconditional generator

  /** Takes ownership of {@code pixels}: callers in this package hand over a fresh array. */
  GeneratedImages(int count, int height, int width, int channels, float[] pixels, boolean owned) {
    this(count, height, width, channels, pixels, null, owned);
  }

  /**
   * As above, with one class label per image, or null for images of an unconditional generator;
   * takes ownership of both arrays when {@code owned}.
   */
  GeneratedImages(
      int count, int height, int width, int channels, float[] pixels, int[] labels, boolean owned) {
    if (count < 1 || height < 1 || width < 1 || channels < 1) {
      throw new IllegalArgumentException(
          "count and sizes must be positive, were count="
              + count
              + " "
              + height
              + "x"
              + width
              + "x"
              + channels);
    }
    Objects.requireNonNull(pixels, "pixels");
    long expected = (long) count * height * width * channels;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "expected "
              + expected
              + " pixels for "
              + count
              + " images of "
              + height
              + "x"
              + width
              + "x"
              + channels
              + ", got "
              + pixels.length);
    }
    this.count = count;
    this.height = height;
    this.width = width;
    this.channels = channels;
    if (labels != null && labels.length != count) {
      throw new IllegalArgumentException(
          "expected " + count + " labels, one per image, got " + labels.length);
    }
    this.pixels = owned ? pixels : pixels.clone();
    this.labels = labels == null ? new int[0] : owned ? labels : labels.clone();
  }

  /**
   * Wraps a copy of NHWC pixels, e.g. generator output computed elsewhere.
   *
   * @param count number of images, at least 1
   * @param height image height
   * @param width image width
   * @param channels channels per pixel
   * @param nhwc {@code count * height * width * channels} values; copied
   * @return the images
   */
  public static GeneratedImages of(int count, int height, int width, int channels, float[] nhwc) {
    return new GeneratedImages(count, height, width, channels, nhwc, false);
  }

  /**
   * Wraps copies of NHWC pixels and their class labels, e.g. a conditional generator's output
   * computed elsewhere.
   *
   * @param labels one class index per image; copied
   * @return the images
   */
  public static GeneratedImages of(
      int count, int height, int width, int channels, float[] nhwc, int[] labels) {
    Objects.requireNonNull(labels, "labels");
    return new GeneratedImages(count, height, width, channels, nhwc, labels, false);
  }

  /**
   * @return number of images
   */
  public int count() {
    return count;
  }

  /**
   * @return image height in pixels
   */
  public int height() {
    return height;
  }

  /**
   * @return image width in pixels
   */
  public int width() {
    return width;
  }

  /**
   * @return channels per pixel: 1 grayscale, 3 RGB
   */
  public int channels() {
    return channels;
  }

  /**
   * @return whether the images carry class labels (they come from a class-conditional generator)
   */
  public boolean hasLabels() {
    return labels.length > 0;
  }

  /**
   * @return a copy of the class label of each image, in image order; empty for the images of an
   *     unconditional generator
   */
  public int[] labels() {
    return labels.clone();
  }

  /**
   * @param i image index
   * @return the class label of image {@code i}
   * @throws IllegalStateException if the images carry no labels
   */
  public int label(int i) {
    Objects.checkIndex(i, count);
    if (!hasLabels()) {
      throw new IllegalStateException("these images carry no labels (an unconditional generator)");
    }
    return labels[i];
  }

  /**
   * @return a copy of all pixels, NHWC, values in [0, 1]
   */
  public float[] pixels() {
    return pixels.clone();
  }

  /**
   * One pixel value.
   *
   * @param i image index
   * @param y row
   * @param x column
   * @param c channel
   * @return the value, nominally in [0, 1]
   */
  public float pixel(int i, int y, int x, int c) {
    Objects.checkIndex(i, count);
    Objects.checkIndex(y, height);
    Objects.checkIndex(x, width);
    Objects.checkIndex(c, channels);
    return pixels[((i * height + y) * width + x) * channels + c];
  }

  /**
   * @return all pixels as bytes, NHWC: {@code round(v * 255)} clamped to [0, 255], NaN as 0
   */
  public byte[] toUint8() {
    byte[] out = new byte[pixels.length];
    for (int k = 0; k < pixels.length; k++) out[k] = (byte) ImageGrid.quantize(pixels[k]);
    return out;
  }

  /**
   * Image {@code i} as a picture.
   *
   * @param i image index
   * @return {@code TYPE_BYTE_GRAY} for 1 channel, {@code TYPE_INT_RGB} for 3
   * @throws IllegalArgumentException for other channel counts
   */
  public BufferedImage image(int i) {
    Objects.checkIndex(i, count);
    return ImageGrid.toImage(pixels, i, height, width, channels);
  }

  /**
   * All images tiled row-major with a {@value ImageGrid#DEFAULT_GAP}-pixel black gap.
   *
   * @param columns images per row, at least 1
   * @return the grid picture
   */
  public BufferedImage grid(int columns) {
    if (columns < 1)
      throw new IllegalArgumentException("columns must be at least 1, was " + columns);
    var images = new ArrayList<BufferedImage>(count);
    for (int i = 0; i < count; i++) images.add(image(i));
    return ImageGrid.tile(images, columns, ImageGrid.DEFAULT_GAP);
  }

  /**
   * Writes image {@code i} as a PNG, atomically, creating parent folders.
   *
   * @param i image index
   * @param file the PNG file
   * @throws IOException if it cannot be written
   */
  public void writePng(int i, Path file) throws IOException {
    ImageGrid.writePngAtomically(image(i), file);
  }

  /**
   * Writes {@link #grid(int)} as a PNG, atomically, creating parent folders.
   *
   * @param file the PNG file
   * @param columns images per row
   * @throws IOException if it cannot be written
   */
  public void writeGridPng(Path file, int columns) throws IOException {
    ImageGrid.writePngAtomically(grid(columns), file);
  }

  /**
   * Writes one PNG per image into {@code folder}, named {@code prefix} + zero-padded index + {@code
   * .png}; the index has at least 4 digits (more when count needs them) so names sort in order.
   *
   * @param folder where the files go; created if missing
   * @param prefix start of each file name, may be empty, must not contain a path separator
   * @return the files written, in image order
   * @throws IOException if one cannot be written
   */
  public List<Path> writeEach(Path folder, String prefix) throws IOException {
    return writeEach(folder, prefix, 0, count);
  }

  /**
   * {@link #writeEach(Path, String)} for one batch of a larger set: image {@code i} is named as
   * image {@code first + i} of {@code total}, so batches written one after another give the names
   * one call would.
   *
   * @param folder where the files go; created if missing
   * @param prefix start of each file name, may be empty, must not contain a path separator
   * @param first index of this batch's first image in the whole set
   * @param total images in the whole set, which sets the digits of the names
   * @return the files written, in image order
   * @throws IOException if one cannot be written
   */
  public List<Path> writeEach(Path folder, String prefix, long first, long total)
      throws IOException {
    Objects.requireNonNull(folder, "folder");
    String p = prefix == null ? "" : prefix;
    if (p.contains("/") || p.contains("\\")) {
      throw new IllegalArgumentException("prefix must be a file name start, not a path: " + p);
    }
    if (first < 0 || first + count > total) {
      throw new IllegalArgumentException(
          "images " + first + ".." + (first + count - 1) + " are not within " + total);
    }
    int digits = Math.max(4, String.valueOf(total - 1).length());
    String pattern = "%s%0" + digits + "d.png";
    Files.createDirectories(folder);
    var files = new ArrayList<Path>(count);
    for (int i = 0; i < count; i++) {
      Path file = folder.resolve(String.format(Locale.ROOT, pattern, p, first + i));
      writePng(i, file);
      files.add(file);
    }
    return List.copyOf(files);
  }

  @Override
  public String toString() {
    return "GeneratedImages["
        + count
        + " x "
        + height
        + "x"
        + width
        + "x"
        + channels
        + (hasLabels() ? ", labelled" : "")
        + "]";
  }
}
