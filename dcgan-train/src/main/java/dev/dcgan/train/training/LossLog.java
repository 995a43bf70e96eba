package dev.dcgan.train.training;

import dev.dcgan.train.util.AtomicFiles;
import dev.dcgan.train.util.CrashPoint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * {@code losses.csv}: one row per G update; with augmentation, its p and ADA's r_t in two more
 * columns (a run without has the columns it always had).
 */
final class LossLog implements AutoCloseable {
  static final String HEADER = "step,epoch,d_loss,g_loss,d_real,d_fake";
  static final String AUGMENT_COLUMNS = ",augment_p,augment_rt";
  private final BufferedWriter out;
  private final String header;

  /**
   * Opens the log. When resuming from a checkpoint at {@code lastStep}, keeps the whole rows up to
   * it and drops the rest: rows after it will be redone, and a row cut short by a killed process is
   * no row. The repaired log replaces the old one atomically.
   */
  LossLog(Path file, long lastStep) throws IOException {
    this(file, lastStep, false);
  }

  /** As above; {@code augmented}: with the augmentation's columns. */
  LossLog(Path file, long lastStep, boolean augmented) throws IOException {
    header = augmented ? HEADER + AUGMENT_COLUMNS : HEADER;
    var kept = new StringBuilder(header).append('\n');
    if (lastStep > 0 && Files.exists(file)) {
      for (String row : wholeRows(Files.readString(file), header)) {
        if (Long.parseLong(row.substring(0, row.indexOf(','))) <= lastStep)
          kept.append(row).append('\n');
      }
    }
    AtomicFiles.writeString(file, kept.toString());
    // No link followed: appending through one would write the log into whatever file it names.
    out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Lines that end in a newline and hold a number for each column: not the header, not a cut last
   * row.
   */
  private static List<String> wholeRows(String text, String header) {
    int columns = header.split(",").length;
    return text.substring(0, text.lastIndexOf('\n') + 1)
        .lines()
        .filter(line -> isRow(line, columns))
        .toList();
  }

  private static boolean isRow(String line, int columns) {
    String[] fields = line.split(",", -1);
    if (fields.length != columns) return false;
    try {
      Long.parseLong(fields[0]);
      Integer.parseInt(fields[1]);
      for (int i = 2; i < fields.length; i++) Float.parseFloat(fields[i]);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  void append(long step, int epoch, StepMetrics m) throws IOException {
    String row =
        String.format(
            Locale.ROOT,
            "%d,%d,%.6f,%.6f,%.6f,%.6f%n",
            step,
            epoch,
            m.dLoss(),
            m.gLoss(),
            m.dReal(),
            m.dFake());
    if (m.augment() != null)
      row =
          row.strip()
              + String.format(Locale.ROOT, ",%.6f,%.6f%n", m.augment().p(), m.augment().rt());
    if (CrashPoint.LOSS_ROW.due()) { // tests only: die half way through a row
      out.write(row, 0, row.length() / 2);
      out.flush();
      CrashPoint.halt();
    }
    out.write(row);
  }

  void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
