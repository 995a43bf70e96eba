package dev.dcgan.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** TF Serving's layout: a model's base folder holds numeric version folders {@code <base>/<n>/}. */
public final class ModelVersions {
  private ModelVersions() {}

  /** The folder's name as a version number, or -1 when it is not one. */
  public static long versionNumber(Path folder) {
    String name = folder.getFileName().toString();
    if (name.isEmpty() || !name.chars().allMatch(ch -> ch >= '0' && ch <= '9')) return -1;
    try {
      return Long.parseLong(name);
    } catch (NumberFormatException tooLong) {
      return -1;
    }
  }

  /** The highest numeric version folder under {@code base}, compared as numbers (10 beats 2). */
  public static OptionalLong highest(Path base) throws IOException {
    if (!Files.isDirectory(base)) return OptionalLong.empty();
    try (Stream<Path> entries = Files.list(base)) {
      return entries
          .filter(Files::isDirectory)
          .mapToLong(ModelVersions::versionNumber)
          .filter(v -> v >= 0)
          .max();
    }
  }

  /** The next free version: one above the highest, or 1. */
  public static long next(Path base) throws IOException {
    return highest(base).orElse(0) + 1;
  }
}
