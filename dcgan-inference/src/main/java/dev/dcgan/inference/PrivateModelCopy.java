package dev.dcgan.inference;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.SavedModel;

/**
 * A model version folder copied into a folder only this process can write, so that what is checked
 * is what TensorFlow loads: {@code saved_model.pb} is parsed from the bytes written into the copy,
 * and TensorFlow's loader, which reads the folder again by name, reads the copy. Whoever can write
 * the model's own folder cannot swap a file between the check and the load.
 *
 * <p>The copy takes only folders and regular files, each read without following links and within a
 * size bound: a symbolic link, a pipe or a device in a model folder is refused, not read. The
 * shapes of {@code saved_model.pb} are checked ({@link TensorSizes}) as it is parsed. {@link
 * #close()} deletes the copy; TensorFlow holds the variables in memory once it has loaded.
 */
public final class PrivateModelCopy implements AutoCloseable {
  /** The most one file of a model may hold; DCGAN models hold megabytes. */
  static final long MAX_FILE_BYTES = 1L << 31;

  /** The most a whole model folder may hold. */
  static final long MAX_TOTAL_BYTES = 1L << 32;

  /** The most files and folders a model folder may hold. */
  static final int MAX_ENTRIES = 10_000;

  /** How long loading (restore and init ops) and a smoke test may run: a DCGAN model needs ms. */
  public static final Duration RUN_LIMIT = Duration.ofSeconds(60);

  /** For tests: runs with the original folder after every check, just before TensorFlow loads. */
  static volatile Consumer<Path> beforeTensorFlowLoads = version -> {};

  private final Path original;
  private final Path dir;
  private final SavedModel savedModel;

  private PrivateModelCopy(Path original, Path dir, SavedModel savedModel) {
    this.original = original;
    this.dir = dir;
    this.savedModel = savedModel;
  }

  /**
   * Copies {@code version} and parses and size-checks the copy's {@code saved_model.pb}.
   *
   * @param version a version folder, as {@link ModelFolders#resolveVersion} finds it
   * @throws ModelLoadException if the folder holds a link, a pipe, a device or too many bytes, if
   *     {@code saved_model.pb} is not a SavedModel, or if it claims impossible shapes
   */
  public static PrivateModelCopy of(Path version) throws ModelLoadException {
    Path dir;
    try {
      dir = Files.createTempDirectory("dcgan-model-"); // rwx------ on POSIX
    } catch (IOException e) {
      throw new ModelLoadException(
          "Cannot make a private copy of " + version + " to load: " + e.getMessage(), e);
    }
    try {
      copyTree(version, dir);
      byte[] bytes =
          readCopied(dir.resolve(ModelFolders.SAVED_MODEL_FILE), version, MAX_FILE_BYTES);
      SavedModel model =
          SavedModelFile.parse(bytes, version.resolve(ModelFolders.SAVED_MODEL_FILE));
      TensorSizes.requirePlausible(model, version);
      var copy = new PrivateModelCopy(version, dir, model);
      copy.requireVariablesIfAny();
      return copy;
    } catch (ModelLoadException | RuntimeException e) {
      deleteQuietly(dir);
      throw e;
    }
  }

  /** The version folder this is a copy of, for messages. */
  public Path original() {
    return original;
  }

  /** The copy: read extra files (metadata) from here, never from {@link #original()}. */
  public Path dir() {
    return dir;
  }

  /** The parsed {@code saved_model.pb}, size-checked. */
  public SavedModel savedModel() {
    return savedModel;
  }

  /**
   * Throws unless every op of the copy is on the {@link OpAllowList}; runs nothing.
   *
   * @throws UnsafeModelException naming the refused ops and the original folder
   */
  public void requireAllowedOps() throws UnsafeModelException {
    var verdict = OpAllowList.check(savedModel);
    if (!verdict.passed()) throw verdict.refusal(original);
  }

  /**
   * Loads the copy with TensorFlow; its restore and init ops run within {@code runLimit}.
   *
   * @param what what is loaded, for the message: "the SavedModel", "the classifier"
   * @throws ModelLoadException if TensorFlow cannot load it, or its loading runs past the limit
   */
  public SavedModelBundle load(String tag, Duration runLimit, String what)
      throws ModelLoadException {
    beforeTensorFlowLoads.accept(original);
    try {
      return SavedModelBundle.loader(dir.toString())
          .withTags(tag)
          .withRunOptions(runOptions(runLimit))
          .load();
    } catch (RuntimeException e) { // TensorFlowException and friends: corrupt or incomplete model
      String why =
          timedOut(e)
              ? "its restore and init ops ran longer than "
                  + runLimit.toSeconds()
                  + " s, which no DCGAN model needs"
              : inOriginal(e.getMessage());
      throw new ModelLoadException(
          "TensorFlow cannot load " + what + " in " + original + " (tag '" + tag + "'): " + why, e);
    }
  }

  /** Options for a run of a loaded model: at most {@code limit}, then TensorFlow stops it. */
  public static RunOptions runOptions(Duration limit) {
    return RunOptions.newBuilder().setTimeoutInMs(limit.toMillis()).build();
  }

  /** Whether TensorFlow stopped a run at its {@link #runOptions} limit. */
  public static boolean timedOut(RuntimeException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return m.contains("timed out") || m.contains("deadline");
  }

  /** TensorFlow's message, naming the original folder where it names the copy. */
  public String inOriginal(String message) {
    return String.valueOf(message).replace(dir.toString(), original.toString());
  }

  /**
   * TensorFlow loads a SavedModel whose checkpoint index is missing without a word and leaves its
   * variables uninitialised; a graph with variables needs {@code variables/variables.index}.
   */
  private void requireVariablesIfAny() throws ModelLoadException {
    boolean hasVariables =
        savedModel.getMetaGraphsList().stream()
            .flatMap(m -> m.getGraphDef().getNodeList().stream())
            .anyMatch(n -> n.getOp().equals("VariableV2") || n.getOp().equals("VarHandleOp"));
    Path index = Path.of("variables", "variables.index");
    if (hasVariables && !Files.isRegularFile(dir.resolve(index))) {
      throw new ModelLoadException(
          "Cannot load the SavedModel in "
              + original
              + ": its variables are missing or damaged ("
              + original.resolve(index)
              + " does not exist"
              + (Files.isDirectory(dir.resolve("variables"))
                  ? ""
                  : "; its variables/ folder is missing")
              + "); export the model again");
    }
  }

  private static void copyTree(Path version, Path into) throws ModelLoadException {
    try {
      Files.walkFileTree(
          version.toRealPath(), // the folder may be reached through a link; nothing inside it may
          new SimpleFileVisitor<>() {
            private long bytes;
            private int entries;
            private Path root;

            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
                throws IOException {
              if (root == null) root = d;
              count();
              Files.createDirectories(into.resolve(root.relativize(d).toString()));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              count();
              Path shown = version.resolve(root.relativize(f).toString());
              if (a.isSymbolicLink()) {
                throw new IOException(
                    shown + " is a symbolic link; a model folder may not hold one");
              }
              if (!a.isRegularFile()) {
                throw new IOException(
                    shown
                        + " is not a regular file (a pipe or a device); a model folder holds files");
              }
              long max = isMetadata(f) ? ModelFiles.MAX_METADATA_BYTES : MAX_FILE_BYTES;
              bytes += ModelFiles.copyRegular(f, into.resolve(root.relativize(f).toString()), max);
              if (bytes > MAX_TOTAL_BYTES) {
                throw new IOException(version + " holds more than " + MAX_TOTAL_BYTES + " bytes");
              }
              return FileVisitResult.CONTINUE;
            }

            private void count() throws IOException {
              if (++entries > MAX_ENTRIES) {
                throw new IOException(version + " holds more than " + MAX_ENTRIES + " entries");
              }
            }
          });
    } catch (IOException e) {
      throw new ModelLoadException(
          "Cannot load the model in " + version + ": " + e.getMessage(), e);
    }
  }

  /** {@code assets.extra/*.json}: read by this library, so bounded far below a model's files. */
  private static boolean isMetadata(Path f) {
    Path parent = f.getParent();
    return parent != null
        && parent.getFileName().toString().equals(SavedModelContract.ASSETS_EXTRA)
        && f.getFileName().toString().endsWith(".json");
  }

  private static byte[] readCopied(Path file, Path version, long max) throws ModelLoadException {
    try {
      return ModelFiles.readRegular(file, max);
    } catch (IOException e) {
      throw new ModelLoadException(
          "Cannot read " + version.resolve(file.getFileName().toString()) + ": " + e.getMessage(),
          e);
    }
  }

  /** Deletes the copy. */
  @Override
  public void close() {
    deleteQuietly(dir);
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover in the temporary folder; nothing the caller can do about it
    }
  }
}
