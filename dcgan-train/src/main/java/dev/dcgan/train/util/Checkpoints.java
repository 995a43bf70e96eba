package dev.dcgan.train.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tensorflow.Session;

/**
 * A run's checkpoints: {@code checkpoints/ckpt-<step>/} each holding every variable of the training
 * graph (weights, Adam slots, batch-norm statistics) as TensorFlow's {@code variables.*} files, and
 * {@code state.json} with the position in training.
 *
 * <p>Each is written whole under a temporary name, then renamed: an interrupted or failed write
 * (killed process, full disk) leaves the previous checkpoints as they were. The newest {@code keep}
 * are kept.
 */
public final class Checkpoints {
  private static final Pattern NAME = Pattern.compile("ckpt-(\\d+)");
  private static final String TEMPORARY = ".tmp-ckpt-";
  public static final String STATE_FILE = "state.json";
  public static final String VARIABLES = "variables";

  /**
   * Where training stands after a checkpoint: resume at batch {@code batch} of epoch {@code epoch}.
   */
  public record State(long step, long dUpdates, int epoch, int batch, long imagesSeen) {}

  /**
   * Writes a session's variables under a prefix; {@code Session::save} but for tests of failures.
   */
  interface VariableSaver {
    void save(Session session, String prefix) throws IOException;
  }

  private final Path dir;
  private final int keep;
  private final VariableSaver saver;

  public Checkpoints(Path runDir, int keep) {
    this(runDir, keep, (session, prefix) -> session.save(prefix));
  }

  Checkpoints(Path runDir, int keep, VariableSaver saver) {
    this.dir = runDir.resolve("checkpoints");
    this.keep = keep;
    this.saver = saver;
  }

  /**
   * Writes a checkpoint, or fails saying why and which earlier checkpoint is still intact (a failed
   * write never touches it).
   */
  public Path save(Session session, State state) throws IOException {
    Path finalDir = dir.resolve(String.format("ckpt-%09d", state.step()));
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempDirectory(dir, TEMPORARY);
      saver.save(session, tmp.resolve(VARIABLES).toString());
      CrashPoint.CHECKPOINT.visit();
      Json.write(tmp.resolve(STATE_FILE), state);
      // The same step saved again (D-only updates between G updates): the old one is set aside,
      // not deleted in place, so no kill leaves a half-deleted newest checkpoint.
      Path replaced = Files.exists(finalDir) ? setAside(finalDir) : null;
      AtomicFiles.move(tmp, finalDir);
      if (replaced != null) AtomicFiles.deleteTree(replaced);
    } catch (IOException | RuntimeException e) {
      String previous =
          latest().map(p -> "; the previous checkpoint " + p + " is intact").orElse("");
      throw new IOException(
          "could not write checkpoint " + finalDir + ": " + firstLine(e) + previous, e);
    } finally {
      if (tmp != null) AtomicFiles.deleteTree(tmp);
    }
    prune();
    return finalDir;
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private void prune() throws IOException {
    var all = list();
    for (int i = 0; i < all.size() - keep; i++) AtomicFiles.deleteTree(setAside(all.get(i)));
  }

  /** Renames a checkpoint to a temporary name, from where a killed delete is cleaned up. */
  private Path setAside(Path checkpoint) throws IOException {
    Path aside = dir.resolve(TEMPORARY + "old-" + checkpoint.getFileName());
    AtomicFiles.deleteTree(aside);
    AtomicFiles.move(checkpoint, aside);
    return aside;
  }

  /**
   * Deletes the temporary folders of checkpoint writes and deletes that were killed half way; only
   * for a run no other process is writing to.
   */
  public void removeTemporaries() throws IOException {
    if (!Files.isDirectory(dir)) return;
    try (var s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith(TEMPORARY)).toList())
        AtomicFiles.deleteTree(p);
    }
  }

  /** Complete checkpoints, oldest first. */
  public List<Path> list() throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    var found = new ArrayList<Path>();
    try (var s = Files.list(dir)) {
      s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(found::add);
    }
    found.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return found;
  }

  public Optional<Path> latest() throws IOException {
    var all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The newest checkpoint of a run folder, or a clear error. */
  public static Path latestOf(Path runDir) throws IOException {
    if (!Files.isDirectory(runDir))
      throw new NoSuchFileException(runDir.toString(), null, "no such run folder");
    return new Checkpoints(runDir, Integer.MAX_VALUE)
        .latest()
        .orElseThrow(
            () ->
                new IOException(
                    runDir
                        + ": no checkpoint in "
                        + runDir.resolve("checkpoints")
                        + " (a run writes one after each epoch)"));
  }

  /** Where training stood at a checkpoint; a damaged state.json is a clear error. */
  public static State readState(Path checkpoint) throws IOException {
    return Json.read(checkpoint.resolve(STATE_FILE), State.class, useTheOneBefore(checkpoint));
  }

  /**
   * Restores every variable of a training session from a checkpoint and returns where training
   * stood; a damaged checkpoint is one sentence saying so, not TensorFlow's message.
   */
  public static State restore(Session session, Path checkpoint) throws IOException {
    String prefix = variablesPrefix(checkpoint);
    State state = readState(checkpoint);
    try {
      session.restore(prefix);
    } catch (RuntimeException e) {
      throw damaged(checkpoint, e);
    }
    return state;
  }

  /** The error for a checkpoint whose variables TensorFlow cannot read (cut short, overwritten). */
  public static IOException damaged(Path checkpoint, RuntimeException tensorFlowError) {
    return new IOException(
        checkpoint
            + " is damaged: its "
            + VARIABLES
            + ".* files cannot be read ("
            + firstLine(tensorFlowError)
            + "); "
            + useTheOneBefore(checkpoint),
        tensorFlowError);
  }

  /** What to do about a damaged checkpoint. */
  static String useTheOneBefore(Path checkpoint) {
    return "delete " + checkpoint + " to use the checkpoint before it";
  }

  /** The prefix {@code Session.restore} takes, after checking the files are there. */
  public static String variablesPrefix(Path checkpoint) throws IOException {
    Path index = checkpoint.resolve(VARIABLES + ".index");
    if (!Files.isRegularFile(index))
      throw new IOException(
          checkpoint
              + " is not a checkpoint (it has no "
              + index.getFileName()
              + "); "
              + useTheOneBefore(checkpoint));
    return checkpoint.resolve(VARIABLES).toString();
  }
}
