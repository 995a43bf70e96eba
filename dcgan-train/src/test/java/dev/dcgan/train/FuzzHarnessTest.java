package dev.dcgan.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The fuzz properties' checks catch what they are meant to catch. */
class FuzzHarnessTest {
  @Test
  void anAllocationOverTheBudgetFails() {
    var outcome = Fuzz.run(() -> consume(new byte[64 << 20]));
    assertTrue(outcome.allocatedBytes() >= 64 << 20, "measured " + outcome.allocatedBytes());
    assertThrows(
        AssertionError.class, () -> Fuzz.assertEndsWell(outcome, IOException.class, "x", 1 << 20));
  }

  @Test
  void anUndocumentedExceptionFailsAndTheDocumentedOneNamingTheInputPasses() {
    var other = Fuzz.run(() -> consume(new int[0][-1]));
    assertThrows(
        AssertionError.class,
        () -> Fuzz.assertEndsWell(other, IOException.class, "x", Long.MAX_VALUE));
    var documented =
        Fuzz.run(
            () -> {
              throw new IOException("file-x: damaged");
            });
    assertDoesNotThrow(() -> Fuzz.assertEndsWell(documented, IOException.class, "file-x", 1 << 20));
    assertThrows(
        AssertionError.class,
        () -> Fuzz.assertEndsWell(documented, IOException.class, "file-y", 1 << 20));
  }

  private static volatile Object sink;

  private static void consume(Object o) {
    sink = o;
  }
}
