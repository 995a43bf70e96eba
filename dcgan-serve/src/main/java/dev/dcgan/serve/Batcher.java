package dev.dcgan.serve;

import dev.dcgan.inference.DcganModel;
import dev.dcgan.inference.GeneratedImages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batches concurrent {@code serving_default} requests into fewer runs of the model, as TF Serving's
 * batching does: the first waiting request opens a batch, which closes when it holds {@code
 * maxBatchSize} rows or {@code batchTimeout} has passed; one thread runs the batches, so
 * TensorFlow's own threads get the cores. A request larger than the batch runs alone.
 */
final class Batcher implements AutoCloseable {
  /** One request's rows and the answer it waits for; labels null for an unconditional model. */
  private record Job(float[][] z, int[] labels, CompletableFuture<GeneratedImages> result) {}

  private final DcganModel model;
  private final ServeLimits limits;
  private final BlockingQueue<Job> queue;
  private final AtomicLong runs = new AtomicLong();
  private final Thread worker;
  private boolean closed; // guarded by this: no job is queued after close
  private volatile Job carried; // a job that did not fit the last batch: the next one's first

  Batcher(DcganModel model, ServeLimits limits, String name) {
    this.model = model;
    this.limits = limits;
    this.queue = new LinkedBlockingQueue<>(limits.maxQueuedRequests());
    this.worker = new Thread(this::loop, "batcher-" + name);
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Queues rows of z (checked by the caller: finite, the model's width, labels in range).
   *
   * @return the images, once the batch holding them has run
   * @throws ApiException 503 when the queue is full
   */
  synchronized CompletableFuture<GeneratedImages> submit(float[][] z, int[] labels) {
    if (closed) throw unloaded();
    var job = new Job(z, labels, new CompletableFuture<>());
    if (!queue.offer(job)) {
      throw new ApiException(
          503,
          "The batch scheduling queue is full ("
              + limits.maxQueuedRequests()
              + " requests wait); try again later");
    }
    return job.result();
  }

  /** How many times the model has run: fewer than the requests when batching worked. */
  long runs() {
    return runs.get();
  }

  /** How often an idle or waiting worker looks whether it was closed. */
  private static final long CLOSE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private void loop() {
    List<Job> batch = new ArrayList<>();
    try {
      while (true) {
        batch.clear();
        Job first = carried;
        carried = null;
        while (first == null) {
          if (isClosed() && queue.isEmpty()) return; // drained
          first = queue.poll(CLOSE_CHECK_NANOS, TimeUnit.NANOSECONDS);
        }
        batch.add(first);
        int rows = first.z().length;
        long deadline = System.nanoTime() + limits.batchTimeout().toNanos();
        while (rows < limits.maxBatchSize()) {
          long left = deadline - System.nanoTime();
          // Once closed, what is queued runs at once: nothing more will join.
          if (left <= 0 || (isClosed() && queue.isEmpty())) break;
          Job next = queue.poll(Math.min(left, CLOSE_CHECK_NANOS), TimeUnit.NANOSECONDS);
          if (next == null) continue;
          if (rows + next.z().length > limits.maxBatchSize()) {
            carried = next;
            break;
          }
          batch.add(next);
          rows += next.z().length;
        }
        run(batch, rows);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      for (Job job : batch) job.result().completeExceptionally(unloaded()); // no-op once answered
      failWaiting();
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** One run of the model for the whole batch; each job gets its own rows back. */
  private void run(List<Job> batch, int rows) {
    try {
      float[][] z = new float[rows][];
      int[] labels = model.conditional() ? new int[rows] : null;
      int at = 0;
      for (Job job : batch) {
        System.arraycopy(job.z(), 0, z, at, job.z().length);
        if (labels != null) System.arraycopy(job.labels(), 0, labels, at, job.z().length);
        at += job.z().length;
      }
      runs.incrementAndGet();
      GeneratedImages images = labels == null ? model.generate(z) : model.generate(z, labels);
      float[] pixels = images.pixels();
      int size = images.height() * images.width() * images.channels();
      at = 0;
      for (Job job : batch) {
        int n = job.z().length;
        float[] mine = new float[n * size];
        System.arraycopy(pixels, at * size, mine, 0, n * size);
        at += n;
        job.result()
            .complete(
                GeneratedImages.of(n, images.height(), images.width(), images.channels(), mine));
      }
    } catch (RuntimeException | OutOfMemoryError e) {
      for (Job job : batch) job.result().completeExceptionally(e);
    }
  }

  private void failWaiting() {
    var gone = unloaded();
    if (carried != null) carried.result().completeExceptionally(gone);
    for (Job job; (job = queue.poll()) != null; ) job.result().completeExceptionally(gone);
  }

  private static ApiException unloaded() {
    return new ApiException(
        503, "The model version was unloaded while the request waited; try again");
  }

  /**
   * Takes no more requests, runs those already queued (a version being replaced answers what it
   * took), then stops; the model is the caller's to close afterwards.
   */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    try {
      worker.join();
    } catch (InterruptedException e) {
      worker.interrupt(); // asked to hurry: the waiting requests get 503
      Thread.currentThread().interrupt();
    }
    failWaiting();
  }
}
