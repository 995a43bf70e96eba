package dev.dcgan.train;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * What the fuzz properties share: inputs made by mutating a valid file, and a call run under a time
 * limit (a hang detector, not a speed test) and an allocation budget.
 *
 * <p>The tries per property are set in {@code src/test/resources/junit-platform.properties}; {@code
 * -Djqwik.tries.default=100000} on the Maven command line fuzzes for longer.
 */
public final class Fuzz {
  private Fuzz() {}

  /** A call that hangs this long is reported as a hang; generous, so a busy machine passes. */
  static final long HANG_SECONDS = 60;

  /** Field values that readers tend to trust: zero, negative, just past a limit, huge. */
  static final List<Integer> SUSPICIOUS_INTS =
      List.of(0, -1, 1, 0x7fffffff, 0x80000000, 0x7ffffff8, 0x10000, 0xffff, 0x01000000, 256);

  /**
   * A valid input changed in one of the ways files get damaged or forged: flipped bits, cut short,
   * a 32-bit field (either byte order) set to a suspicious value, bytes inserted, or replaced
   * altogether by random bytes.
   */
  public static Arbitrary<byte[]> mutationsOf(byte[] valid) {
    int n = valid.length;
    Arbitrary<byte[]> flips =
        Arbitraries.integers()
            .between(0, n * 8 - 1)
            .list()
            .ofMinSize(1)
            .ofMaxSize(8)
            .map(
                bits -> {
                  byte[] b = valid.clone();
                  for (int bit : bits) b[bit / 8] ^= (byte) (1 << (bit % 8));
                  return b;
                });
    Arbitrary<byte[]> cuts = Arbitraries.integers().between(0, n - 1).map(k -> copy(valid, k));
    Arbitrary<byte[]> fields =
        Combinators.combine(
                Arbitraries.integers().between(0, Math.max(0, n - 4)),
                Arbitraries.oneOf(Arbitraries.of(SUSPICIOUS_INTS), Arbitraries.integers()),
                Arbitraries.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN))
            .as((at, value, order) -> withInt(valid, at, value, order));
    Arbitrary<byte[]> inserts =
        Combinators.combine(Arbitraries.integers().between(0, n), randomBytes(64))
            .as((at, extra) -> insert(valid, at, extra));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, flips),
        net.jqwik.api.Tuple.of(2, cuts),
        net.jqwik.api.Tuple.of(3, fields),
        net.jqwik.api.Tuple.of(1, inserts),
        net.jqwik.api.Tuple.of(1, randomBytes(2 * n)));
  }

  /** JSON values that a reader of typed fields may not expect. */
  static final List<String> SUSPICIOUS_JSON =
      List.of(
          "null",
          "\"\"",
          "\"x\"",
          "-1",
          "0",
          "1.5",
          "1e400",
          "-9223372036854775809",
          "true",
          "[]",
          "{}",
          "[1,2]",
          "{\"a\":1}",
          "\"NaN\"",
          "[".repeat(10_000) + "]".repeat(10_000));

  /**
   * A valid JSON text, mutated as bytes ({@link #mutationsOf}) or with one value replaced by a
   * suspicious one: null, a string for a number, a number out of range, deep nesting.
   */
  public static Arbitrary<byte[]> jsonMutationsOf(String json) {
    var values = new java.util.ArrayList<int[]>();
    var m = java.util.regex.Pattern.compile(":\\s*([^,\\n{\\[]+)").matcher(json);
    while (m.find()) values.add(new int[] {m.start(1), m.end(1)});
    Arbitrary<byte[]> replaced =
        Combinators.combine(Arbitraries.of(values), Arbitraries.of(SUSPICIOUS_JSON))
            .as(
                (at, value) ->
                    (json.substring(0, at[0]) + value + json.substring(at[1]))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return Arbitraries.oneOf(
        mutationsOf(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), replaced);
  }

  static Arbitrary<byte[]> randomBytes(int maxLength) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength);
  }

  private static byte[] copy(byte[] b, int length) {
    return Arrays.copyOf(b, length);
  }

  private static byte[] withInt(byte[] valid, int at, int value, ByteOrder order) {
    byte[] b = valid.clone();
    if (b.length < 4) return b;
    ByteBuffer.wrap(b).order(order).putInt(at, value);
    return b;
  }

  private static byte[] insert(byte[] valid, int at, byte[] extra) {
    byte[] b = new byte[valid.length + extra.length];
    System.arraycopy(valid, 0, b, 0, at);
    System.arraycopy(extra, 0, b, at, extra.length);
    System.arraycopy(valid, at, b, at + extra.length, valid.length - at);
    return b;
  }

  /** A reader call on fuzzed input. */
  @FunctionalInterface
  public interface Call {
    void run() throws Exception;
  }

  /** How a call ended: what it threw (null if it returned), and the bytes it allocated. */
  public record Outcome(Throwable thrown, long allocatedBytes) {}

  /**
   * Runs the call on a thread of its own, so that a hang is reported instead of stalling the build,
   * and measures what that thread allocates. Work the call hands to other threads is not counted.
   */
  public static Outcome run(Call call) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    var task =
        new FutureTask<Outcome>(
            () -> {
              long before = threads.getCurrentThreadAllocatedBytes();
              Throwable thrown = null;
              try {
                call.run();
              } catch (Throwable t) {
                thrown = t;
              }
              return new Outcome(thrown, threads.getCurrentThreadAllocatedBytes() - before);
            });
    var thread = new Thread(task, "fuzz-call");
    thread.setDaemon(true);
    thread.start();
    try {
      return task.get(HANG_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      thread.interrupt();
      return fail("the call hangs: still running after " + HANG_SECONDS + " s");
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The call returned, or threw the documented type with a message naming the input; it stayed
   * within the allocation budget either way. Any other throwable fails the property, as its cause.
   */
  public static void assertEndsWell(
      Outcome outcome, Class<? extends Throwable> documented, String name, long budgetBytes) {
    Throwable t = outcome.thrown();
    if (t != null) {
      if (!documented.isInstance(t))
        throw new AssertionError(
            "threw " + t.getClass().getName() + ", not the documented " + documented.getName(), t);
      assertNotNull(t.getMessage(), "a " + t.getClass().getSimpleName() + " without a message");
      assertTrue(t.getMessage().contains(name), () -> "message does not name " + name + ": " + t);
    }
    assertTrue(
        outcome.allocatedBytes() <= budgetBytes,
        () ->
            "allocated "
                + outcome.allocatedBytes()
                + " bytes, over the budget of "
                + budgetBytes
                + (t == null ? "" : "; ended in " + t));
  }

  /** A new temporary folder for one fuzz test class's inputs. */
  public static Path newFolder(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Removes a folder made by {@link #newFolder}, with everything in it. */
  public static void delete(Path folder) throws IOException {
    dev.dcgan.train.util.AtomicFiles.deleteTree(folder);
  }

  /** Writes the bytes as the given file, replacing it, and creates its folder if needed. */
  public static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new AssertionError("cannot write the fuzz input " + file, e);
    }
  }
}
