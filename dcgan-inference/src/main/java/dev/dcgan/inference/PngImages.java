package dev.dcgan.inference;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the {@code generate} signature returns: {@code count} images as uint8 pixels (NHWC) and as
 * PNG files, both computed in the graph, with the class of each image when the generator is
 * class-conditional. Immutable: the arrays are copied in and out.
 *
 * @param count number of images
 * @param height image height in pixels
 * @param width image width in pixels
 * @param channels channels per pixel: 1 grayscale, 3 RGB
 * @param uint8 all pixels as unsigned bytes, NHWC: {@code round(clip(v * 255, 0, 255))}
 * @param pngs one PNG file's bytes per image
 * @param labels the class of each image (the signature's {@code labels} output); empty for an
 *     unconditional generator
 */
public record PngImages(
    int count, int height, int width, int channels, byte[] uint8, List<byte[]> pngs, int[] labels) {

  /** The images of an unconditional generator: no labels. */
  public PngImages(
      int count, int height, int width, int channels, byte[] uint8, List<byte[]> pngs) {
    this(count, height, width, channels, uint8, pngs, new int[0]);
  }

  public PngImages {
    long expected = (long) count * height * width * channels;
    if (labels.length != 0 && labels.length != count) {
      throw new IllegalArgumentException(
          "expected " + count + " labels, one per image, or none, got " + labels.length);
    }
    if (uint8.length != expected || pngs.size() != count) {
      throw new IllegalArgumentException(
          "expected "
              + expected
              + " pixels and "
              + count
              + " PNGs for "
              + count
              + " images of "
              + height
              + "x"
              + width
              + "x"
              + channels
              + ", got "
              + uint8.length
              + " and "
              + pngs.size());
    }
    uint8 = uint8.clone();
    pngs = pngs.stream().map(byte[]::clone).toList();
    labels = labels.clone();
  }

  /**
   * @return a copy of the class of each image; empty for an unconditional generator
   */
  @Override
  public int[] labels() {
    return labels.clone();
  }

  /**
   * @return whether the images carry class labels (they come from a class-conditional generator)
   */
  public boolean hasLabels() {
    return labels.length > 0;
  }

  /**
   * @return a copy of all pixels, NHWC
   */
  @Override
  public byte[] uint8() {
    return uint8.clone();
  }

  /**
   * @return copies of the PNG files, in image order
   */
  @Override
  public List<byte[]> pngs() {
    return pngs.stream().map(byte[]::clone).toList();
  }

  /**
   * @param i image index
   * @return a copy of image {@code i} as a PNG file's bytes
   */
  public byte[] png(int i) {
    Objects.checkIndex(i, count);
    return pngs.get(i).clone();
  }

  /** Equal when every pixel, every PNG byte and every label is. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PngImages p
        && count == p.count
        && height == p.height
        && width == p.width
        && channels == p.channels
        && Arrays.equals(uint8, p.uint8)
        && Arrays.equals(labels, p.labels)
        && Arrays.deepEquals(pngs.toArray(), p.pngs.toArray());
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        count, height, width, channels, Arrays.hashCode(uint8), Arrays.hashCode(labels));
  }

  @Override
  public String toString() {
    return "PngImages["
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
