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
    int at = i * height * width * channels;
    w.write('[');
    for (int y = 0; y < height; y++) {
      if (y > 0) w.write(',');
      w.write('[');
      for (int x = 0; x < width; x++) {
        if (x > 0) w.write(',');
        w.write('[');
        for (int c = 0; c < channels; c++) {
          if (c > 0) w.write(',');
          w.write(Float.toString(pixels[at++]));
        }
        w.write(']');
      }
      w.write(']');
    }
    w.write(']');
  }

  /** Image {@code i}'s uint8 values as nested [height][width][channels] lists. */
  static void byteImage(Writer w, byte[] pixels, int i, int height, int width, int channels)
      throws IOException {
    int at = i * height * width * channels;
    w.write('[');
    for (int y = 0; y < height; y++) {
      if (y > 0) w.write(',');
      w.write('[');
      for (int x = 0; x < width; x++) {
        if (x > 0) w.write(',');
        w.write('[');
        for (int c = 0; c < channels; c++) {
          if (c > 0) w.write(',');
          w.write(Integer.toString(pixels[at++] & 0xff));
        }
        w.write(']');
      }
      w.write(']');
    }
    w.write(']');
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
