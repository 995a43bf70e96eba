package dev.dcgan.train.training;

import dev.dcgan.train.util.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** {@code losses.csv}: one row per G update. */
final class LossLog implements AutoCloseable {
  static final String HEADER = "step,epoch,d_loss,g_loss,d_real,d_fake";
  private final BufferedWriter out;

  /** Opens the log; when resuming, drops rows after {@code lastStep} (they will be redone). */
  LossLog(Path file, long lastStep) throws IOException {
    if (lastStep > 0 && Files.exists(file)) {
      var kept =
          Files.readAllLines(file).stream()
              .filter(
                  l ->
                      l.equals(HEADER)
                          || (!l.isBlank()
                              && Long.parseLong(l.substring(0, l.indexOf(','))) <= lastStep))
              .toList();
      AtomicFiles.writeString(file, String.join("\n", kept) + "\n");
    } else {
      AtomicFiles.writeString(file, HEADER + "\n");
    }
    out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  void append(long step, int epoch, StepMetrics m) throws IOException {
    out.write(
        String.format(
            Locale.ROOT,
            "%d,%d,%.6f,%.6f,%.6f,%.6f%n",
            step,
            epoch,
            m.dLoss(),
            m.gLoss(),
            m.dReal(),
            m.dFake()));
  }

  void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
