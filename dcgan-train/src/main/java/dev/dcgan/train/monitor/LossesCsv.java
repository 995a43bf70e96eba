package dev.dcgan.train.monitor;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Columns of a run's {@code losses.csv} (header {@code step,epoch,d_loss,g_loss,d_real,d_fake}, one
 * row per G update), found by their header names.
 */
public final class LossesCsv {
  private LossesCsv() {}

  /**
   * The mean of {@code column} over the rows of {@code epoch}; empty when the file or the epoch's
   * rows are missing. A last line without its newline is a row still being written, and left out.
   *
   * @throws IOException if a whole row is not numbers where the two columns are
   */
  public static OptionalDouble meanOverEpoch(Path csv, String column, int epoch)
      throws IOException {
    if (!Files.isRegularFile(csv)) return OptionalDouble.empty();
    String text;
    try {
      text = Files.readString(csv);
    } catch (CharacterCodingException e) {
      throw new IOException(csv + " is not text: it is no losses.csv that training wrote", e);
    }
    List<String> lines = text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
    if (lines.isEmpty()) return OptionalDouble.empty();
    List<String> header = List.of(lines.get(0).strip().split(","));
    int epochAt = header.indexOf("epoch");
    int valueAt = header.indexOf(column);
    if (epochAt < 0 || valueAt < 0) {
      throw new IOException(csv + " has no epoch or " + column + " column in its header");
    }
    double sum = 0;
    int n = 0;
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) continue;
      String[] f = lines.get(i).split(",");
      try {
        if (Integer.parseInt(f[epochAt].strip()) != epoch) continue;
        sum += Double.parseDouble(f[valueAt].strip());
        n++;
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new IOException(csv + " line " + (i + 1) + " is no row of numbers", e);
      }
    }
    return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / n);
  }
}
