package dev.dcgan.serve;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code dcgan serve}'s flags: bad ones are usage errors that name the flag. */
class ServeMainTest {
  static final PrintStream QUIET =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--port abc|--port takes a whole number, got 'abc'",
        "--port 70000|--port must be 0..65535, got 70000",
        "--max-batch-size 0|--max-batch-size must be 1..4096, got 0",
        "--bogus|unknown flag or argument '--bogus'",
        "--port|--port needs a value",
        "--models /no/such/folder|--models /no/such/folder is not a folder"
      })
  void badFlagsAreUsageErrors(String args, String message, @TempDir Path tmp) {
    var e =
        assertThrows(
            ServeMain.UsageError.class, () -> ServeMain.start(args.split(" "), QUIET, QUIET));
    assertEquals(message, e.getMessage());
  }

  @Test
  void helpPrintsTheUsageAndStartsNothing() throws Exception {
    var out = new ByteArrayOutputStream();
    assertNull(
        ServeMain.start(
            new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), QUIET));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--batch-timeout-ms"));
  }
}
