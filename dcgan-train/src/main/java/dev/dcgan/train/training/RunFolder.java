package dev.dcgan.train.training;

import com.google.gson.JsonObject;
import dev.dcgan.train.model.ModelSpec;
import dev.dcgan.train.options.ConfigFile;
import dev.dcgan.train.util.AtomicFiles;
import dev.dcgan.train.util.Checkpoints;
import dev.dcgan.train.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The files of one training run:
 *
 * <pre>
 *   config.json              the TrainConfig used (its options, by group)
 *   model.json               the ModelSpec and data set name (what export needs)
 *   losses.csv               one row per step
 *   run.lock                 held by the trainer using the folder: its PID, host and start time
 *   samples/epoch-NNN.png    8x8 grid of G(fixed z) after each epoch
 *   checkpoints/ckpt-NNN/    see {@link Checkpoints}
 * </pre>
 */
public record RunFolder(Path dir) {
  public static final String CONFIG = "config.json";

  /** {@code runs/<yyyyMMdd-HHmmss>} under the working directory. */
  public static Path timestamped() {
    return Path.of(
        "runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  /** A new run folder; refuses one that already holds a run, so no run is overwritten. */
  public static RunFolder create(Path dir) throws IOException {
    RunLock.checkFree(dir); // a folder in use gets that message, not "already holds a run"
    var run = new RunFolder(dir);
    run.checkHoldsNoRun();
    Files.createDirectories(dir);
    return run;
  }

  private void checkHoldsNoRun() throws IOException {
    if (Files.exists(dir.resolve(CONFIG))) {
      throw new IOException(
          dir
              + " already holds a run; resume it with --resume "
              + dir
              + " or choose another --run-dir");
    }
  }

  /**
   * Locks the folder for one trainer (see {@link RunLock}), then removes what writes killed half
   * way left behind. For a new run it checks again, under the lock, that no run has been written
   * here meanwhile.
   */
  public RunLock lockForTraining(boolean newRun) throws IOException {
    var lock = RunLock.acquire(dir);
    try {
      if (newRun) checkHoldsNoRun();
      removeTemporaries();
      return lock;
    } catch (IOException e) {
      lock.close();
      throw e;
    }
  }

  public static RunFolder existing(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve(CONFIG))) {
      throw new IOException(
          dir
              + " is not a run folder (it has no "
              + CONFIG
              + "); if its run was stopped before it began, start it again without --resume");
    }
    return new RunFolder(dir);
  }

  /**
   * The run's configuration, from a {@code config.json} of any version (see {@link ConfigFile}).
   */
  public TrainConfig readConfig() throws IOException {
    Path file = dir.resolve(CONFIG);
    var json = Json.read(file, JsonObject.class, RESTORE_OR_START_AGAIN);
    try {
      return new TrainConfig(ConfigFile.read(json));
    } catch (IllegalArgumentException e) { // a value out of range: as Json.read words it
      throw new IOException(
          file
              + " holds an invalid TrainConfig ("
              + e.getMessage()
              + "); "
              + RESTORE_OR_START_AGAIN,
          e);
    }
  }

  private static final String RESTORE_OR_START_AGAIN =
      "restore it from a copy of the run, or start a new run with another --run-dir";

  public void writeConfig(TrainConfig config) throws IOException {
    AtomicFiles.writeString(dir.resolve(CONFIG), ConfigFile.toJson(config.values()));
  }

  /**
   * What the run's generator is: enough to rebuild it for export.
   *
   * @param classes a conditional generator's class names, index i for label i; null for an
   *     unconditional one (and in model.json files written before it)
   */
  public record ModelInfo(ModelSpec spec, String dataset, java.util.List<String> classes) {
    public ModelInfo(ModelSpec spec, String dataset) {
      this(spec, dataset, null);
    }
  }

  public void writeModelInfo(ModelInfo info) throws IOException {
    Json.write(dir.resolve("model.json"), info);
  }

  public ModelInfo readModelInfo() throws IOException {
    return Json.read(dir.resolve("model.json"), ModelInfo.class, RESTORE_OR_START_AGAIN);
  }

  /** Temporary files and checkpoint folders; only under the lock, as they may be in flight. */
  private void removeTemporaries() throws IOException {
    AtomicFiles.removeTemporaries(dir);
    AtomicFiles.removeTemporaries(dir.resolve("samples"));
    checkpoints(Integer.MAX_VALUE).removeTemporaries();
  }

  public Path losses() {
    return dir.resolve("losses.csv");
  }

  public Path samples(int epoch) {
    return dir.resolve("samples").resolve(String.format("epoch-%03d.png", epoch));
  }

  public Checkpoints checkpoints(int keep) {
    return new Checkpoints(dir, keep);
  }
}
