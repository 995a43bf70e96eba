package dev.dcgan.serve;

import java.time.Duration;

/**
 * What one request may ask of the server, and how concurrent requests are batched (TF Serving's
 * {@code max_batch_size}, {@code batch_timeout_micros} and {@code max_enqueued_batches}).
 *
 * @param maxBodyBytes largest request body; larger is 413
 * @param maxImages most images one request may ask for: rows of z, or {@code generate}'s count
 * @param maxBatchSize most rows of z in one run of the model
 * @param batchTimeout how long the first request of a batch waits for others to join it
 * @param maxQueuedRequests requests waiting for a model at most; more are refused with 503
 * @param bodyBudgetBytes request bytes being parsed at once, over all requests: a burst of large
 *     bodies waits instead of filling the heap with JSON trees
 */
public record ServeLimits(
    int maxBodyBytes,
    int maxImages,
    int maxBatchSize,
    Duration batchTimeout,
    int maxQueuedRequests,
    int bodyBudgetBytes) {

  public static ServeLimits defaults() {
    return new ServeLimits(4 << 20, 256, 256, Duration.ofMillis(2), 1024, 64 << 20);
  }

  public ServeLimits {
    if (maxBodyBytes < 1 || maxImages < 1 || maxBatchSize < 1 || maxQueuedRequests < 1)
      throw new IllegalArgumentException("limits must be at least 1");
    if (batchTimeout.isNegative())
      throw new IllegalArgumentException("the batch timeout must not be negative");
    if (bodyBudgetBytes < maxBodyBytes)
      throw new IllegalArgumentException("the body budget must hold at least one largest body");
  }

  public ServeLimits withBatching(int maxBatchSize, Duration batchTimeout) {
    return new ServeLimits(
        maxBodyBytes, maxImages, maxBatchSize, batchTimeout, maxQueuedRequests, bodyBudgetBytes);
  }

  public ServeLimits withMaxImages(int maxImages) {
    return new ServeLimits(
        maxBodyBytes, maxImages, maxBatchSize, batchTimeout, maxQueuedRequests, bodyBudgetBytes);
  }

  public ServeLimits withMaxBodyBytes(int maxBodyBytes) {
    return new ServeLimits(
        maxBodyBytes,
        maxImages,
        maxBatchSize,
        batchTimeout,
        maxQueuedRequests,
        Math.max(bodyBudgetBytes, maxBodyBytes));
  }
}
