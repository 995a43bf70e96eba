package dev.dcgan.spark;

import dev.dcgan.train.training.RunLock;
import java.nio.file.Path;

/**
 * A process that holds a run folder as a trainer does, for tests of what waits on it: locks {@code
 * args[0]}, prints "held", and lets go when its standard input closes.
 */
public final class HoldRunLock {
  private HoldRunLock() {}

  public static void main(String[] args) throws Exception {
    try (var lock = RunLock.acquire(Path.of(args[0]))) {
      System.out.println("held");
      System.out.flush();
      System.in.transferTo(java.io.OutputStream.nullOutputStream()); // until stdin closes
    }
  }
}
