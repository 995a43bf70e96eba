package dev.dcgan.train.util;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * For tests of recovery only: places in the middle of a write where a child JVM can be made to die
 * as {@code kill -9} would kill it, so that the rare unlucky moments are hit every time. The system
 * property {@code dcgan.crashAt=KIND:N} (say {@code checkpoint:3}) halts the JVM, without shutdown
 * hooks or flushing, the N-th time it reaches that point. Unset, every point is a no-op.
 */
public enum CrashPoint {
  /** A checkpoint's variables are written to its temporary folder, its state.json is not. */
  CHECKPOINT,
  /** Half a losses.csv row is written and flushed. */
  LOSS_ROW,
  /** An atomically written file is complete under its temporary name, not yet renamed. */
  ATOMIC_FILE;

  public static final String PROPERTY = "dcgan.crashAt";

  private final AtomicInteger reached = new AtomicInteger();

  /** Whether the process should die here now; counts the visit. */
  public boolean due() {
    String spec = System.getProperty(PROPERTY);
    if (spec == null || !spec.startsWith(id() + ":")) return false;
    return reached.incrementAndGet() == Integer.parseInt(spec.substring(id().length() + 1));
  }

  /** Halts at this point if it is due. */
  public void visit() {
    if (due()) halt();
  }

  public static void halt() {
    Runtime.getRuntime().halt(137); // what a shell reports for kill -9
  }

  /** "checkpoint", "loss-row", "atomic-file": the KIND of the property. */
  String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
