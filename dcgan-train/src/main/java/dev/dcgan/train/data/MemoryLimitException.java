package dev.dcgan.train.data;

import java.io.IOException;

/** A data set, a sample set or a picture too large for the heap, refused before allocation. */
public final class MemoryLimitException extends IOException {
  public MemoryLimitException(String message) {
    super(message);
  }
}
