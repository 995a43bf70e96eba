package dev.dcgan.train.monitor;

import static dev.dcgan.inference.SavedModelFile.printable;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A run's {@code eval.csv}, as {@link EvaluationListener} writes it: the header {@code
 * epoch,step,fcd}, then one row per evaluation, epochs rising. Read strictly: a file that is not
 * such a table is one sentence naming the file, the line and what is wrong.
 */
public record EvalTable(Path file, List<Row> rows) {
  /** One evaluation: FCD (lower is better) of G after {@code epoch}, at {@code step}. */
  public record Row(int epoch, long step, double fcd) {}

  public EvalTable {
    if (rows.isEmpty()) throw new IllegalArgumentException(file + " holds no evaluations");
    rows = List.copyOf(rows);
  }

  public static EvalTable read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readString(file).lines().toList();
    } catch (CharacterCodingException e) {
      throw new IOException(file + " is not text: it is no eval.csv that training wrote", e);
    }
    if (lines.isEmpty()) throw new IOException(file + " is empty");
    List<String> columns = List.of(lines.get(0).strip().split(",", -1));
    int epoch = columns.indexOf("epoch");
    int step = columns.indexOf("step");
    int fcd = columns.indexOf("fcd");
    if (epoch < 0 || step < 0 || fcd < 0) {
      throw new IOException(
          file
              + " does not start with the header "
              + EvaluationListener.HEADER
              + " that train --eval-every writes, but with '"
              + shortened(lines.get(0))
              + "'");
    }
    var rows = new ArrayList<Row>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) continue;
      String[] f = line.split(",", -1);
      String where = file + " line " + (i + 1);
      if (f.length != columns.size()) {
        throw new IOException(
            where + " has " + f.length + " fields where its header names " + columns.size());
      }
      var row =
          new Row(
              (int) whole(where, "epoch", f[epoch], 1, Integer.MAX_VALUE),
              whole(where, "step", f[step], 0, Long.MAX_VALUE),
              distance(where, f[fcd]));
      if (!rows.isEmpty() && row.epoch() <= rows.get(rows.size() - 1).epoch()) {
        throw new IOException(
            where
                + ": epoch "
                + row.epoch()
                + " after epoch "
                + rows.get(rows.size() - 1).epoch()
                + "; the epochs of eval.csv rise");
      }
      rows.add(row);
    }
    if (rows.isEmpty()) throw new IOException(file + " holds no evaluations, only its header");
    return new EvalTable(file, rows);
  }

  /** The newest evaluation. */
  public Row last() {
    return rows.get(rows.size() - 1);
  }

  /** The lowest FCD; of equal ones the first, as {@code checkpoints/best/} keeps it. */
  public Row best() {
    return rows.stream().min(Comparator.comparingDouble(Row::fcd)).orElseThrow();
  }

  private static long whole(String where, String column, String text, long min, long max)
      throws IOException {
    try {
      long v = Long.parseLong(text.strip());
      if (v >= min && v <= max) return v;
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IOException(
        where
            + ": "
            + column
            + " '"
            + shortened(text)
            + "' is not a whole number from "
            + min
            + (max == Long.MAX_VALUE ? " up" : " to " + max));
  }

  /** An FCD: a squared distance, finite and not negative. */
  private static double distance(String where, String text) throws IOException {
    try {
      double v = Double.parseDouble(text.strip());
      if (Double.isFinite(v) && v >= 0) return v;
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IOException(
        where + ": fcd '" + shortened(text) + "' is not a finite number of 0 or more");
  }

  /** Text of the file, for a message: no control characters, at most 60 characters. */
  private static String shortened(String text) {
    String s = printable(text.strip());
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
