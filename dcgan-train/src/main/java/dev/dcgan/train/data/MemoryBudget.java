package dev.dcgan.train.data;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * How much memory a bulk allocation (a data set, generated samples, a grid) may take: a share of
 * the JVM's heap, and no more than one Java array holds. Checked before anything is allocated, so a
 * request that cannot fit ends in a sentence with the figures instead of {@code Java heap space}
 * minutes later.
 *
 * @param heapBytes the memory to plan with: this JVM's maximum heap; the machine's memory for what
 *     TensorFlow allocates outside the heap ({@link #ofThisMachine}); or a smaller one in tests
 */
public record MemoryBudget(long heapBytes) {
  /** Most elements one Java array holds (a little under 2^31, as the JDK's own collections use). */
  public static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  /** The share of the heap one allocation may take; the rest is for TensorFlow's and Java's own. */
  static final double SHARE = 0.6;

  public MemoryBudget {
    if (heapBytes < 1)
      throw new IllegalArgumentException("heap must be at least 1 byte, got " + heapBytes);
  }

  /** This JVM's maximum heap ({@code -Xmx}). */
  public static MemoryBudget ofThisJvm() {
    return new MemoryBudget(Runtime.getRuntime().maxMemory());
  }

  /**
   * The machine's memory (a container's limit, if it has one): what TensorFlow's tensors, which
   * live outside the Java heap, draw from. Unknown: no limit.
   */
  public static MemoryBudget ofThisMachine() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? new MemoryBudget(Math.max(1, os.getTotalMemorySize()))
        : new MemoryBudget(Long.MAX_VALUE);
  }

  /** The bytes one allocation may take. */
  public long available() {
    return (long) (heapBytes * SHARE);
  }

  /**
   * Fails unless {@code count} items of {@code bytesEach} bytes fit in {@link #available()} and,
   * {@code elementsEach} at a time, in one array.
   *
   * @param subject what is being held, for the message ("data/photos: 3000000 images of 64x64x3")
   * @param count how many items
   * @param bytesEach bytes one item takes in memory
   * @param elementsEach array elements one item takes in the largest single array
   * @param remedy what the user can do, ending the message ("use --limit")
   * @throws MemoryLimitException with the figures: count, GB needed, GB available, max heap
   */
  public void require(String subject, long count, long bytesEach, long elementsEach, String remedy)
      throws MemoryLimitException {
    double bytes = (double) count * bytesEach; // double: the product may pass Long.MAX_VALUE
    double elements = (double) count * elementsEach;
    if (bytes > available()) {
      throw new MemoryLimitException(
          String.format(
              Locale.ROOT,
              "%s need %s in memory, more than this JVM can hold (%s of its %s heap may go to"
                  + " them); %s",
              subject,
              gigabytes(bytes),
              gigabytes(available()),
              gigabytes(heapBytes),
              remedy));
    }
    if (elements > MAX_ARRAY_LENGTH) {
      throw new MemoryLimitException(
          String.format(
              Locale.ROOT,
              "%s need %s in one array of %,.0f elements, more than a Java array holds (%,d);"
                  + " %s",
              subject,
              gigabytes(bytes),
              elements,
              MAX_ARRAY_LENGTH,
              remedy));
    }
  }

  /** "36.9 GB", or "0.16 GB" below 1 GB, so that a figure is never rounded to zero. */
  public static String gigabytes(double bytes) {
    double gb = bytes / 1e9;
    return String.format(Locale.ROOT, gb >= 1 ? "%.1f GB" : "%.2g GB", gb);
  }
}
