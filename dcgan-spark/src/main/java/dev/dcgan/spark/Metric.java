package dev.dcgan.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trial's score, lower is better, read from its run folder: "fcd", the lowest FCD in eval.csv
 * (the epoch of checkpoints/best, which is what gets exported); "g_loss", the mean g_loss of the
 * last epoch in losses.csv, for data sets without a classifier (fake data). g_loss is no measure of
 * image quality: it only ranks trials of the same loss.
 */
record Metric(double value, int epoch, long step) {
  static Metric of(String name, Path run) throws IOException {
    return name.equals("fcd") ? fcd(run) : gLoss(run);
  }

  private static Metric fcd(Path run) throws IOException {
    Path table = run.resolve("eval.csv");
    if (!Files.isRegularFile(table))
      throw new IllegalStateException("no eval.csv in " + run + ": nothing was evaluated");
    Metric best = null;
    for (String row : Files.readAllLines(table)) {
      var f = row.split(",");
      if (f.length < 3 || f[0].equals("epoch")) continue;
      double fcd = Double.parseDouble(f[2]);
      if (!Double.isNaN(fcd) && (best == null || fcd < best.value()))
        best = new Metric(fcd, Integer.parseInt(f[0]), Long.parseLong(f[1]));
    }
    if (best == null) throw new IllegalStateException("eval.csv in " + run + " has no FCD");
    return best;
  }

  private static Metric gLoss(Path run) throws IOException {
    // step,epoch,d_loss,g_loss,d_real,d_fake
    var rows = Files.readAllLines(run.resolve("losses.csv"));
    int last = -1;
    long step = 0;
    double sum = 0;
    int n = 0;
    for (int i = rows.size() - 1; i >= 1; i--) {
      var f = rows.get(i).split(",");
      if (f.length < 4) continue;
      int epoch = Integer.parseInt(f[1]);
      if (last < 0) {
        last = epoch;
        step = Long.parseLong(f[0]);
      }
      if (epoch != last) break;
      sum += Double.parseDouble(f[3]);
      n++;
    }
    if (n == 0) throw new IllegalStateException("losses.csv in " + run + " has no rows");
    return new Metric(sum / n, last, step);
  }
}
