package dev.dcgan.inference;

import java.util.List;
import java.util.Objects;

/**
 * What the {@code generate} signature returns: {@code count} images as uint8 pixels (NHWC) and as
 * PNG files, both computed in the graph. Immutable and safe to share between threads.
 */
public final class PngImages {
  private final int count;
  private final int height;
  private final int width;
  private final int channels;
  private final byte[] uint8;
  private final List<byte[]> pngs;

  /** Takes ownership of the arrays: callers in this package hand over fresh ones. */
  PngImages(int count, int height, int width, int channels, byte[] uint8, List<byte[]> pngs) {
    long expected = (long) count * height * width * channels;
    if (uint8.length != expected || pngs.size() != count) {
      throw new IllegalArgumentException("expected " + expected + " pixels and " + count + " PNGs for " + count
          + " images of " + height + "x" + width + "x" + channels + ", got " + uint8.length + " and " + pngs.size());
    }
    this.count = count;
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.uint8 = uint8;
    this.pngs = List.copyOf(pngs);
  }

  /** @return number of images */
  public int count() {
    return count;
  }

  /** @return image height in pixels */
  public int height() {
    return height;
  }

  /** @return image width in pixels */
  public int width() {
    return width;
  }

  /** @return channels per pixel: 1 grayscale, 3 RGB */
  public int channels() {
    return channels;
  }

  /** @return a copy of all pixels as unsigned bytes, NHWC: {@code round(clip(v * 255, 0, 255))} */
  public byte[] uint8() {
    return uint8.clone();
  }

  /**
   * @param i image index
   * @return a copy of image {@code i} as a PNG file's bytes
   */
  public byte[] png(int i) {
    Objects.checkIndex(i, count);
    return pngs.get(i).clone();
  }

  @Override
  public String toString() {
    return "PngImages[" + count + " x " + height + "x" + width + "x" + channels + "]";
  }
}
