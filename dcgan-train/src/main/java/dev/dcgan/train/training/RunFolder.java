package dev.dcgan.train.training;

import com.google.gson.JsonObject;
import dev.dcgan.train.model.ModelSpec;
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
 *   config.json              the TrainConfig used
 *   model.json               the ModelSpec and data set name (what export needs)
 *   losses.csv               one row per step
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
    if (Files.exists(dir.resolve(CONFIG))) {
      throw new IOException(
          dir
              + " already holds a run; resume it with --resume "
              + dir
              + " or choose another --run-dir");
    }
    Files.createDirectories(dir);
    return new RunFolder(dir);
  }

  public static RunFolder existing(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve(CONFIG))) {
      throw new IOException(dir + ": not a run folder (no " + CONFIG + ")");
    }
    return new RunFolder(dir);
  }

  /** The run's configuration; a flat {@code config.json} of an older version is read too. */
  public TrainConfig readConfig() throws IOException {
    Path file = dir.resolve(CONFIG);
    boolean grouped = Json.read(file, JsonObject.class).has("network");
    return grouped
        ? Json.read(file, TrainConfig.class)
        : Json.read(file, TrainConfig.Flat.class).grouped();
  }

  public void writeConfig(TrainConfig config) throws IOException {
    Json.write(dir.resolve(CONFIG), config);
  }

  /** What the run's generator is: enough to rebuild it for export. */
  public record ModelInfo(ModelSpec spec, String dataset) {}

  public void writeModelInfo(ModelInfo info) throws IOException {
    Json.write(dir.resolve("model.json"), info);
  }

  public ModelInfo readModelInfo() throws IOException {
    return Json.read(dir.resolve("model.json"), ModelInfo.class);
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
