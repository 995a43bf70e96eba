package dev.dcgan.train.monitor;

import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.training.TrainConfig;
import dev.dcgan.train.training.TrainingListener;
import dev.dcgan.train.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluation during training: every {@code every} epochs G is measured (FCD, lower is better), the
 * result becomes a row of {@code eval.csv} and a TensorBoard scalar, and when it is the best so far
 * the checkpoint written right after the epoch is copied to {@code checkpoints/best/}, outside the
 * {@code --keep} rotation. A resumed run carries on from the rows of {@code eval.csv} up to its
 * checkpoint.
 */
public final class EvaluationListener implements TrainingListener, AutoCloseable {
  /** Samples per evaluation. */
  public static final int COUNT = 2000;

  public static final String TABLE = "eval.csv";
  static final String HEADER = "epoch,step,fcd";

  /** What an evaluation measures of G after an epoch; lower is better. */
  public interface Measure extends AutoCloseable {
    double of(EpochSummary epoch);

    @Override
    default void close() {}
  }

  /** Opens the measure once the run folder describes the run ({@code model.json}). */
  @FunctionalInterface
  public interface MeasureFactory {
    Measure open(Path runDir) throws IOException;
  }

  /** Where a TensorBoard scalar goes. */
  @FunctionalInterface
  public interface ScalarSink {
    void scalar(String tag, long step, float value);
  }

  private final Path runDir;
  private final int every;
  private final MeasureFactory factory;
  private final ScalarSink scalars;
  private final List<String> rows = new ArrayList<>();
  private Measure measure;
  private double best = Double.POSITIVE_INFINITY;
  private boolean newBest;

  public EvaluationListener(Path runDir, int every, MeasureFactory factory, ScalarSink scalars) {
    if (every < 1) throw new IllegalArgumentException("evaluate every >= 1 epochs, got " + every);
    this.runDir = runDir;
    this.every = every;
    this.factory = factory;
    this.scalars = scalars;
  }

  /** {@code checkpoints/best/} of a run folder. */
  public static Path bestCheckpoint(Path runDir) {
    return runDir.resolve("checkpoints").resolve("best");
  }

  @Override
  public void onStart(
      TrainConfig config, ModelSpec spec, Path dir, long fromStep, int batchesPerEpoch) {
    try {
      measure = factory.open(runDir);
      Path table = runDir.resolve(TABLE);
      if (fromStep > 0 && Files.exists(table)) {
        for (String row : Files.readAllLines(table)) {
          if (row.equals(HEADER) || row.isBlank()) continue;
          var f = row.split(",");
          if (Long.parseLong(f[1]) > fromStep) continue; // to be redone
          rows.add(row);
          best = Math.min(best, Double.parseDouble(f[2]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e); // the message alone, for the console
    }
  }

  @Override
  public void onEpoch(EpochSummary s) {
    if (s.epoch() % every != 0) return;
    double fcd = measure.of(s);
    rows.add(String.format(Locale.ROOT, "%d,%d,%.4f", s.epoch(), s.step(), fcd));
    try {
      AtomicFiles.writeString(
          runDir.resolve(TABLE), HEADER + "\n" + String.join("\n", rows) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    scalars.scalar("eval/fcd", s.step(), (float) fcd);
    if (fcd < best) {
      best = fcd;
      newBest = true;
    }
  }

  /** The checkpoint after a new best epoch becomes {@code checkpoints/best/}. */
  @Override
  public void onCheckpoint(Path checkpoint) {
    if (!newBest) return;
    newBest = false;
    Path target = bestCheckpoint(runDir);
    try {
      Path tmp = Files.createTempDirectory(target.getParent(), ".tmp-best-");
      try (var files = Files.list(checkpoint)) {
        for (Path f : files.toList()) Files.copy(f, tmp.resolve(f.getFileName()));
      }
      if (Files.exists(target)) AtomicFiles.deleteTree(target);
      AtomicFiles.move(tmp, target);
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep " + checkpoint + " as " + target, e);
    }
  }

  @Override
  public void close() {
    if (measure != null) measure.close();
  }
}
