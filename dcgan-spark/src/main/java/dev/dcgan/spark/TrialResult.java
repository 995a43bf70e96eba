package dev.dcgan.spark;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a trial came to, as {@code trials/<id>/result.json} holds it and the results table shows it.
 *
 * @param status "done" or "failed"
 * @param metric the sweep's metric at the trial's best evaluation (NaN when failed)
 * @param epoch the epoch of that value (its checkpoint is the one exported)
 * @param reason why it failed (the trainer's message), empty when done
 * @param attempts task attempts it took (more than 1: its process died and it was resumed)
 */
public record TrialResult(
    String trial,
    Map<String, String> params,
    String status,
    double metric,
    int epoch,
    long step,
    double seconds,
    int attempts,
    String reason,
    String runDir)
    implements Serializable {
  public static final String FILE = "result.json";

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

  public boolean done() {
    return status.equals("done");
  }

  static TrialResult failed(Trial t, String reason, double seconds, int attempts, String runDir) {
    return new TrialResult(
        t.id(), t.params(), "failed", Double.NaN, 0, 0, seconds, attempts, reason, runDir);
  }

  /** Writes it next to the run folder, atomically: a result is there whole or not at all. */
  void write(Path trialDir) throws IOException {
    Path tmp = trialDir.resolve(FILE + ".tmp");
    Files.writeString(tmp, GSON.toJson(this) + "\n");
    Files.move(
        tmp,
        trialDir.resolve(FILE),
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Writes it unless {@code trialDir} holds a finished result already: an attempt that raced
   * another (which finished and exported the trial) must not mark the trial failed.
   *
   * @return the result the folder holds now
   */
  TrialResult writeUnlessDone(Path trialDir) throws IOException {
    var prior = read(trialDir);
    if (prior != null && prior.done() && !done()) return prior;
    write(trialDir);
    return this;
  }

  /** The result in {@code trialDir}, or null if the trial has not finished. */
  static TrialResult read(Path trialDir) throws IOException {
    Path file = trialDir.resolve(FILE);
    if (!Files.isRegularFile(file)) return null;
    return GSON.fromJson(Files.readString(file), TrialResult.class);
  }
}
