package dev.dcgan.serve;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes the large parts of an answer (pixel tensors) straight to the response, number by number,
 * so a 64-image answer never exists as one string or JSON tree.
 */
final class JsonOut {
  private JsonOut() {}

  /** Image {@code i}'s values as nested [height][width][channels] lists. */
  static void floatImage(Writer w, float[] pixels, int i, int height, int width, int channels)
      throws IOException {
    image(w, i, height, width, channels, at -> w.write(Float.toString(pixels[at])));
  }

  /** Image {@code i}'s uint8 values as nested [height][width][channels] lists. */
  static void byteImage(Writer w, byte[] pixels, int i, int height, int width, int channels)
      throws IOException {
    image(w, i, height, width, channels, at -> w.write(Integer.toString(pixels[at] & 0xff)));
  }

  /** Image {@code i} of a batch stored image by image, row by row: {@code value} writes one. */
  private static void image(Writer w, int i, int height, int width, int channels, Item value)
      throws IOException {
    int first = i * height * width * channels;
    list(
        w,
        height,
        y ->
            list(
                w,
                width,
                x -> list(w, channels, c -> value.write(first + (y * width + x) * channels + c))));
  }

  /** A list of {@code n} items, each written by {@code item}. */
  static void list(Writer w, int n, Item item) throws IOException {
    w.write('[');
    for (int i = 0; i < n; i++) {
      if (i > 0) w.write(',');
      item.write(i);
    }
    w.write(']');
  }

  /** Writes item {@code i} of a list. */
  @FunctionalInterface
  interface Item {
    void write(int i) throws IOException;
  }
}
