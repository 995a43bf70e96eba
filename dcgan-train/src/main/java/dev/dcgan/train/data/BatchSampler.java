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

  private final int shard;
  private final int shards;

  public BatchSampler(ImageDataset data, int batchSize, long seed) {
    this(data, batchSize, seed, 0, 1);
  }

  /**
   * Shard {@code shard} of {@code shards} of every global batch of {@code globalBatchSize}: the
   * data-parallel worker {@code shard}'s part, disjoint from the others' and of equal size ({@code
   * globalBatchSize / shards}). The epoch's order is the same for all shards; an epoch's last,
   * smaller batch is left out when sharded (every worker must have as many images).
   */
  public BatchSampler(ImageDataset data, int globalBatchSize, long seed, int shard, int shards) {
    if (globalBatchSize < 1)
      throw new IllegalArgumentException("batch size must be >= 1, got " + globalBatchSize);
    if (shards < 1 || shard < 0 || shard >= shards)
      throw new IllegalArgumentException("shard " + shard + " of " + shards + " does not exist");
    if (globalBatchSize % shards != 0)
      throw new IllegalArgumentException(
          "a batch of " + globalBatchSize + " does not split evenly over " + shards + " workers");
    this.data = data;
    this.batchSize = globalBatchSize;
    this.seed = seed;
    this.shard = shard;
    this.shards = shards;
  }

  public int batchesPerEpoch() {
    return shards == 1 ? (data.count() + batchSize - 1) / batchSize : data.count() / batchSize;
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
    return Math.min(batchSize, data.count() - index * batchSize) / shards;
  }

  /** Where this shard's part of batch {@code index} starts in the epoch's order. */
  private int start(int index) {
    return index * batchSize + shard * (batchSize / shards);
  }

  /**
   * Copies batch {@code index} of the epoch whose order is given into {@code out}; returns its
   * size.
   */
  public int fill(int[] order, int index, byte[] out) {
    int n = sizeOf(index);
    int bytes = data.imageBytes();
    for (int i = 0; i < n; i++) {
      System.arraycopy(data.pixels(), order[start(index) + i] * bytes, out, i * bytes, bytes);
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
    for (int i = 0; i < n; i++) out[i] = data.labels()[order[start(index) + i]];
    return n;
  }

  public ImageDataset data() {
    return data;
  }

  public int batchSize() {
    return batchSize;
  }
}
