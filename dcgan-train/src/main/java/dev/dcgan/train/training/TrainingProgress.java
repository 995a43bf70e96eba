package dev.dcgan.train.training;

import dev.dcgan.train.util.Checkpoints;

/**
 * Where a run is, as the training loop advances it: G updates (steps), D updates, the position in
 * the data and the images seen. Its {@link #state()} is what a checkpoint saves and a resumed run
 * starts from, so a run stopped anywhere continues the same stream of batches and random keys.
 */
final class TrainingProgress {
  private long step;
  private long dUpdates;
  private int epoch;
  private int batch;
  private long images;

  TrainingProgress(Checkpoints.State state) {
    step = state.step();
    dUpdates = state.dUpdates();
    epoch = state.epoch();
    batch = state.batch();
    images = state.imagesSeen();
  }

  /** The position to checkpoint: after the last batch, or at the next epoch's start. */
  Checkpoints.State state() {
    return new Checkpoints.State(step, dUpdates, epoch, batch, images);
  }

  /** G updates so far. */
  long step() {
    return step;
  }

  /** Epochs completed. */
  int epoch() {
    return epoch;
  }

  /** Whether the next D update is followed by a G update: every k-th ({@code --d-steps k}). */
  boolean updatesG(int dStepsPerG) {
    return (dUpdates + 1) % dStepsPerG == 0;
  }

  /** The next update's random key: fake labels, dropout and the like, the same on resume. */
  long key(long seed) {
    return seed * 0x9E3779B97F4A7C15L + dUpdates;
  }

  /**
   * Counts the update on batch {@code index} (0-based) of {@code batchEpoch}.
   *
   * @return whether it was the epoch's last batch
   */
  boolean advance(int batchEpoch, int index, int size, boolean updatedG, int batchesPerEpoch) {
    if (updatedG) step++;
    dUpdates++;
    images += size;
    boolean endOfEpoch = index == batchesPerEpoch - 1;
    epoch = endOfEpoch ? batchEpoch + 1 : batchEpoch;
    batch = endOfEpoch ? 0 : index + 1;
    return endOfEpoch;
  }

  /** Whether a G update just reached a multiple of {@code every} (0: never). */
  boolean periodicCheckpoint(boolean updatedG, int every) {
    return updatedG && every > 0 && step % every == 0;
  }
}
