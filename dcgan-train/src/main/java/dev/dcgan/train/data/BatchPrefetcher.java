package dev.dcgan.train.data;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * Assembles batches on a background thread, ahead of training, into a bounded queue: gathering the
 * shuffled images and copying them into a native tensor overlap the previous step's Session.run
 * instead of adding to it. The queue's bound caps the memory held ahead.
 *
 * <p>Batches come in training order, from (startEpoch, startBatch) to the end of the last epoch.
 */
public final class BatchPrefetcher implements AutoCloseable {
  /**
   * One batch: uint8 [n, H, W, C] and, if asked for, the images' classes as int64 [n] (else null);
   * the consumer closes it.
   */
  public record Batch(TUint8 images, TInt64 labels, int size, int epoch, int index)
      implements AutoCloseable {
    @Override
    public void close() {
      images.close();
      if (labels != null) labels.close();
    }
  }

  private static final Object END = new Object();

  private final BlockingQueue<Object> queue;
  private final Thread thread;
  private volatile boolean closed;

  public BatchPrefetcher(
      BatchSampler sampler, int startEpoch, int startBatch, int endEpoch, int capacity) {
    this(sampler, startEpoch, startBatch, endEpoch, capacity, false);
  }

  /** With {@code labels}, every batch carries its images' classes (the data set must have them). */
  public BatchPrefetcher(
      BatchSampler sampler,
      int startEpoch,
      int startBatch,
      int endEpoch,
      int capacity,
      boolean labels) {
    queue = new ArrayBlockingQueue<>(capacity);
    var data = sampler.data();
    thread =
        new Thread(
            () -> {
              try {
                for (int epoch = startEpoch; epoch < endEpoch && !closed; epoch++) {
                  int[] order = sampler.order(epoch);
                  for (int b = epoch == startEpoch ? startBatch : 0;
                      b < sampler.batchesPerEpoch() && !closed;
                      b++) {
                    var bytes = new byte[sampler.sizeOf(b) * data.imageBytes()];
                    int n = sampler.fill(order, b, bytes);
                    var t =
                        TUint8.tensorOf(
                            Shape.of(n, data.height(), data.width(), data.channels()),
                            DataBuffers.of(bytes, true, false));
                    queue.put(new Batch(t, labels ? labels(sampler, order, b) : null, n, epoch, b));
                  }
                }
                queue.put(END);
              } catch (InterruptedException e) {
                // closed
              } catch (RuntimeException | Error e) {
                queue.offer(e);
              }
            },
            "dcgan-prefetch");
    thread.setDaemon(true);
    thread.start();
  }

  private static TInt64 labels(BatchSampler sampler, int[] order, int batch) {
    var classes = new int[sampler.sizeOf(batch)];
    sampler.fillLabels(order, batch, classes);
    var t = TInt64.vectorOf(new long[classes.length]);
    for (int i = 0; i < classes.length; i++) t.setLong(classes[i], i);
    return t;
  }

  /** The next batch, waiting for it if needed; null after the last. */
  public Batch next() throws InterruptedException {
    Object o = queue.take();
    if (o == END) {
      queue.put(END); // stay at the end
      return null;
    }
    if (o instanceof Throwable t)
      throw new IllegalStateException("preparing a batch failed: " + t, t);
    return (Batch) o;
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Object o; (o = queue.poll()) != null; ) if (o instanceof Batch b) b.close();
  }
}
