package dev.dcgan.train.data;

import java.util.Arrays;

/**
 * Images held in memory as uint8 NHWC (1 byte a pixel: 47 MB for MNIST's 60000 training images),
 * with optional class labels.
 *
 * @param name a short name for metadata and logs, e.g. {@code mnist}
 * @param pixels count*height*width*channels bytes, image after image
 * @param labels one class index per image, or null
 * @param notes what loading had to say (skipped files, say), for the user
 * @param classNames the name of each class, index i for label i (folder names, or the data set's
 *     known names, see {@link ClassNames}); null without labels
 */
public record ImageDataset(
    String name,
    int count,
    int height,
    int width,
    int channels,
    byte[] pixels,
    int[] labels,
    java.util.List<String> notes,
    java.util.List<String> classNames) {

  /** The class names {@link ClassNames#of} gives the data set's name and labels. */
  public ImageDataset(
      String name, int count, int height, int width, int channels, byte[] pixels, int[] labels) {
    this(name, count, height, width, channels, pixels, labels, java.util.List.of());
  }

  /** The class names {@link ClassNames#of} gives the data set's name and labels. */
  public ImageDataset(
      String name,
      int count,
      int height,
      int width,
      int channels,
      byte[] pixels,
      int[] labels,
      java.util.List<String> notes) {
    this(name, count, height, width, channels, pixels, labels, notes, ClassNames.of(name, labels));
  }

  public ImageDataset {
    if (count < 1) throw new IllegalArgumentException(name + ": no images");
    if ((long) count * height * width * channels != pixels.length) {
      throw new IllegalArgumentException(
          name
              + ": "
              + pixels.length
              + " bytes do not hold "
              + count
              + " images of "
              + height
              + "x"
              + width
              + "x"
              + channels);
    }
    notes = notes == null ? java.util.List.of() : java.util.List.copyOf(notes);
    if (labels != null && labels.length != count) {
      throw new IllegalArgumentException(
          name + ": " + labels.length + " labels for " + count + " images");
    }
    if (labels == null) classNames = null;
    if (classNames != null) {
      classNames = java.util.List.copyOf(classNames);
      for (int label : labels) {
        if (label < 0 || label >= classNames.size())
          throw new IllegalArgumentException(
              name + ": label " + label + " is not one of its " + classNames.size() + " classes");
      }
    }
  }

  public int imageBytes() {
    return height * width * channels;
  }

  /** The images at {@code indices}, in that order. */
  public ImageDataset select(int[] indices) {
    int bytes = imageBytes();
    var out = new byte[indices.length * bytes];
    int[] outLabels = labels == null ? null : new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      System.arraycopy(pixels, indices[k] * bytes, out, k * bytes, bytes);
      if (outLabels != null) outLabels[k] = labels[indices[k]];
    }
    return new ImageDataset(
        name, indices.length, height, width, channels, out, outLabels, notes, classNames);
  }

  /** The first {@code n} images (all if n >= count), for quick runs and tests. */
  public ImageDataset first(int n) {
    if (n >= count) return this;
    if (n < 1) throw new IllegalArgumentException("limit must be >= 1, got " + n);
    return new ImageDataset(
        name,
        n,
        height,
        width,
        channels,
        Arrays.copyOf(pixels, n * imageBytes()),
        labels == null ? null : Arrays.copyOf(labels, n),
        notes,
        classNames);
  }
}
