package dev.dcgan.train.data;

import java.util.Random;

/**
 * Shuffled mini-batches: every epoch visits every image once, in an order fixed by (seed, epoch),
 * so a resumed run can find its place again. The last batch of an epoch may be smaller.
 */
public final class BatchSampler {
  private final ImageDataset data;
  private final int batchSize;
  private final long seed;

  public BatchSampler(ImageDataset data, int batchSize, long seed) {
    if (batchSize < 1)
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    this.data = data;
    this.batchSize = batchSize;
    this.seed = seed;
  }

  public int batchesPerEpoch() {
    return (data.count() + batchSize - 1) / batchSize;
  }

  /** The image order of one epoch (Fisher-Yates with a Random seeded by seed and epoch). */
  public int[] order(int epoch) {
    int[] order = new int[data.count()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    var rng = new Random(seed * 1_000_003L + epoch);
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Size of batch {@code index} of an epoch. */
  public int sizeOf(int index) {
    return Math.min(batchSize, data.count() - index * batchSize);
  }

  /**
   * Copies batch {@code index} of the epoch whose order is given into {@code out}; returns its
   * size.
   */
  public int fill(int[] order, int index, byte[] out) {
    int n = sizeOf(index);
    int bytes = data.imageBytes();
    for (int i = 0; i < n; i++) {
      System.arraycopy(data.pixels(), order[index * batchSize + i] * bytes, out, i * bytes, bytes);
    }
    return n;
  }

  /**
   * Copies the labels of batch {@code index} into {@code out}, in the order {@link #fill} copies
   * images.
   */
  public int fillLabels(int[] order, int index, int[] out) {
    if (data.labels() == null) throw new IllegalStateException(data.name() + " has no labels");
    int n = sizeOf(index);
    for (int i = 0; i < n; i++) out[i] = data.labels()[order[index * batchSize + i]];
    return n;
  }

  public ImageDataset data() {
    return data;
  }

  public int batchSize() {
    return batchSize;
  }
}
