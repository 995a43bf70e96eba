package dev.dcgan.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the SavedModel version folder to load: either the folder itself (it holds {@code
 * saved_model.pb}) or, in TF Serving's layout {@code <base>/<n>/}, the highest numeric version.
 */
public final class ModelFolders {
  static final String SAVED_MODEL_FILE = "saved_model.pb";

  /** How many entries an error message lists before it says "...". */
  private static final int LISTED_ENTRIES = 10;

  private ModelFolders() {}

  /** Returns the version folder to load from {@code dir}, or explains why there is none. */
  public static Path resolveVersion(Path dir) throws ModelLoadException {
    if (!Files.exists(dir)) {
      throw new ModelLoadException("Model folder not found: " + dir);
    }
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException("Not a folder: " + dir + " (expected a SavedModel folder)");
    }
    if (Files.isRegularFile(dir.resolve(SAVED_MODEL_FILE))) {
      return dir;
    }
    Optional<Path> highest = highestNumericVersion(dir);
    if (highest.isEmpty()) {
      throw new ModelLoadException(
          "Not a SavedModel: "
              + dir
              + " has no "
              + SAVED_MODEL_FILE
              + " and no numeric version folder (TF Serving layout <base>/<n>/); "
              + describe(dir));
    }
    Path version = highest.get();
    if (!Files.isRegularFile(version.resolve(SAVED_MODEL_FILE))) {
      // Don't silently fall back to an older version: a half-written export should be noticed.
      throw new ModelLoadException(
          "Not a SavedModel: highest version folder "
              + version
              + " has no "
              + SAVED_MODEL_FILE
              + "; "
              + describe(version));
    }
    return version;
  }

  /** Numeric sub-folders compared as numbers, so 10 beats 2. */
  private static Optional<Path> highestNumericVersion(Path base) throws ModelLoadException {
    try (Stream<Path> entries = Files.list(base)) {
      return entries
          .filter(Files::isDirectory)
          .filter(p -> ModelVersions.versionNumber(p) >= 0)
          .max(Comparator.comparingLong(ModelVersions::versionNumber));
    } catch (IOException e) {
      throw new ModelLoadException("Cannot list model folder " + base + ": " + e.getMessage(), e);
    }
  }

  /** "it is empty" or "it holds: a, b/, c" for error messages. */
  static String describe(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> names =
          entries
              .map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : ""))
              .sorted()
              .collect(Collectors.toList());
      if (names.isEmpty()) return "it is empty";
      String shown = String.join(", ", names.subList(0, Math.min(names.size(), LISTED_ENTRIES)));
      return "it holds: " + shown + (names.size() > LISTED_ENTRIES ? ", ..." : "");
    } catch (IOException e) {
      return "its entries cannot be listed (" + e.getMessage() + ")";
    }
  }
}
