package dev.dcgan.train.eval;

import dev.dcgan.inference.ImageGrid;
import dev.dcgan.train.data.ImageDataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What {@code evaluate --data} adds: whether the samples copy training images ({@link CopyCheck},
 * in the classifier's feature space and in pixels) and fidelity and diversity apart ({@link
 * Manifolds}).
 *
 * @param samples generated images checked for copies
 * @param trainingImages the training images they are compared with
 * @param testImages the real images that set the copy threshold
 * @param heldOutOfFolder true if the data set is a folder and its test images are its held-out
 *     tenth (see {@link dev.dcgan.train.data.HeldOut})
 * @param features the copy check in the classifier's feature space
 * @param pixels the copy check in pixels (images average-pooled to at most 32x32, values in [0, 1])
 * @param manifolds precision, recall (k = 3), density, coverage (k = 5) in feature space
 * @param realForManifolds real (test) images behind {@code manifolds}
 * @param fakeForManifolds generated images behind {@code manifolds}
 * @param picture the picture of the closest pairs, if one was written
 */
public record Memorisation(
    int samples,
    int trainingImages,
    int testImages,
    boolean heldOutOfFolder,
    CopyCheck.Result features,
    CopyCheck.Result pixels,
    Manifolds.Scores manifolds,
    int realForManifolds,
    int fakeForManifolds,
    String picture) {

  /** Samples checked for copies at most (each is compared with every training image). */
  public static final int COPY_SAMPLES = 1000;

  /** Test images that set the copy threshold at most. */
  public static final int COPY_TEST_IMAGES = 1000;

  /** Real and generated images behind precision, recall, density and coverage at most. */
  public static final int MANIFOLD_IMAGES = 5000;

  /** Pairs shown in the picture and kept in the report. */
  public static final int PAIRS = 8;

  /** Pixel distances are taken on images average-pooled to at most this side. */
  static final int PIXEL_SIDE = 32;

  /** Rows of {@code data} picked by a seeded shuffle ({@code n} of them, all if fewer). */
  static int[] pick(int count, int n, long seed) {
    var order = new ArrayList<Integer>();
    for (int i = 0; i < count; i++) order.add(i);
    java.util.Collections.shuffle(order, new Random(seed));
    return order.stream().limit(Math.min(n, count)).mapToInt(Integer::intValue).sorted().toArray();
  }

  static double[][] rows(double[][] all, int[] picked) {
    var out = new double[picked.length][];
    for (int i = 0; i < picked.length; i++) out[i] = all[picked[i]];
    return out;
  }

  /** uint8 images as pooled pixel vectors in [0, 1]. */
  static double[][] pooled(ImageDataset data) {
    var out = new double[data.count()][];
    int bytes = data.imageBytes();
    var image = new float[bytes];
    for (int n = 0; n < data.count(); n++) {
      for (int k = 0; k < bytes; k++) image[k] = (data.pixels()[n * bytes + k] & 0xff) / 255f;
      out[n] = pool(image, 0, data.height(), data.width(), data.channels());
    }
    return out;
  }

  /** NHWC floats in [0, 1] as pooled pixel vectors. */
  static double[][] pooled(float[] nhwc, int count, int h, int w, int c) {
    var out = new double[count][];
    for (int n = 0; n < count; n++) out[n] = pool(nhwc, n * h * w * c, h, w, c);
    return out;
  }

  /**
   * Average-pools by the smallest factor that brings both sides to at most {@value #PIXEL_SIDE}.
   */
  static double[] pool(float[] x, int offset, int h, int w, int c) {
    int f = Math.max(1, (Math.max(h, w) + PIXEL_SIDE - 1) / PIXEL_SIDE);
    int ph = h / f, pw = w / f;
    var out = new double[ph * pw * c];
    for (int i = 0; i < ph * f; i++)
      for (int j = 0; j < pw * f; j++)
        for (int ch = 0; ch < c; ch++)
          out[((i / f) * pw + j / f) * c + ch] += x[offset + (i * w + j) * c + ch];
    double area = f * f;
    for (int k = 0; k < out.length; k++) out[k] /= area;
    return out;
  }

  /**
   * The closest pairs as a picture: a row of samples above a row of their nearest training images.
   */
  static BufferedImage pairsPicture(
      List<CopyCheck.Pair> pairs, float[] samples, ImageDataset training) {
    int h = training.height(), w = training.width(), c = training.channels();
    var top = new ArrayList<BufferedImage>();
    var bottom = new ArrayList<BufferedImage>();
    var image = new float[training.imageBytes()];
    for (var pair : pairs) {
      top.add(ImageGrid.toImage(samples, pair.sample(), h, w, c));
      int bytes = training.imageBytes();
      for (int k = 0; k < bytes; k++)
        image[k] = (training.pixels()[pair.training() * bytes + k] & 0xff) / 255f;
      bottom.add(ImageGrid.toImage(image, 0, h, w, c));
    }
    var all = new ArrayList<BufferedImage>(top);
    all.addAll(bottom);
    return ImageGrid.tile(all, Math.max(1, pairs.size()), ImageGrid.DEFAULT_GAP);
  }

  static void writePicture(BufferedImage picture, Path file) throws IOException {
    ImageGrid.writePngAtomically(picture, file);
  }
}
