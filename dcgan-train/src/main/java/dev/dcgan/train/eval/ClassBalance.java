package dev.dcgan.train.eval;

import dev.dcgan.train.data.BatchSampler;
import dev.dcgan.train.data.ImageDataset;

/**
 * Classes spread evenly over a set of images, so that per-class numbers are comparable: how the
 * evaluation of a class-conditional model asks for its samples, and picks the real images beside
 * them.
 */
final class ClassBalance {
  /** How the classes are asked for, as reports say it. */
  static final String SAMPLING =
      "balanced: image i is asked for class i mod K, so every class gets count/K images, the first"
          + " count mod K classes one more";

  private ClassBalance() {}

  /** Image i asks for class {@code i % classes}. */
  static int[] labels(int count, int classes) {
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) labels[i] = i % classes;
    return labels;
  }

  /** How many of {@code labels} are each class. */
  static int[] counts(int[] labels, int classes) {
    int[] counts = new int[classes];
    for (int label : labels) counts[label]++;
    return counts;
  }

  /**
   * {@code counts[k]} images of each class k of a labelled data set (all of the class if it has
   * fewer), the first ones of each class in an order shuffled by {@code seed}, with their labels.
   */
  static ImageDataset pick(ImageDataset data, int[] counts, long seed, String name) {
    int[] order = new BatchSampler(data, 1, seed).order(0);
    int[] taken = new int[counts.length];
    int total = 0;
    for (int k = 0; k < counts.length; k++) total += counts[k];
    int size = data.imageBytes();
    byte[] pixels = new byte[total * size];
    int[] labels = new int[total];
    int n = 0;
    for (int i = 0; i < order.length && n < total; i++) {
      int label = data.labels()[order[i]];
      if (label >= counts.length || taken[label] == counts[label]) continue;
      taken[label]++;
      System.arraycopy(data.pixels(), order[i] * size, pixels, n * size, size);
      labels[n++] = label;
    }
    return new ImageDataset(
        name,
        n,
        data.height(),
        data.width(),
        data.channels(),
        java.util.Arrays.copyOf(pixels, n * size),
        java.util.Arrays.copyOf(labels, n),
        java.util.List.of(),
        data.classNames());
  }

  /**
   * Generated NHWC floats in [0, 1] as a labelled uint8 data set (rounded, as a PNG holds them).
   */
  static ImageDataset quantised(
      String name,
      float[] nhwc,
      int[] labels,
      int height,
      int width,
      int channels,
      ImageDataset like) {
    byte[] pixels = new byte[nhwc.length];
    for (int i = 0; i < nhwc.length; i++)
      pixels[i] = (byte) Math.round(Math.min(1f, Math.max(0f, nhwc[i])) * 255f);
    return new ImageDataset(
        name,
        labels.length,
        height,
        width,
        channels,
        pixels,
        labels.clone(),
        java.util.List.of(),
        like.classNames());
  }
}
