package dev.dcgan.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the project's own files (the embedded data, the shipped models) are when the command runs
 * from another working directory: the {@code dcgan} launcher sets {@code DCGAN_HOME} to the project
 * root.
 */
public final class ProjectPaths {
  private ProjectPaths() {}

  /**
   * {@code relative} itself if it exists here, else under DCGAN_HOME if it exists there, else as
   * given.
   */
  public static Path resolve(Path relative) {
    return resolve(relative, System.getenv("DCGAN_HOME"));
  }

  /** As {@link #resolve(Path)}, with the project root given ({@code home}, null for none). */
  static Path resolve(Path relative, String home) {
    if (relative.isAbsolute() || Files.exists(relative)) return relative;
    if (home != null && !home.isBlank()) {
      Path there = Path.of(home).resolve(relative);
      if (Files.exists(there)) return there;
    }
    return relative;
  }

  /**
   * {@code path} as files that may be shipped record it (a model's metadata): relative to the
   * project root (DCGAN_HOME) or else the working directory when it lies under one of them, else
   * its last name alone, so that no file names a folder of the machine it was written on.
   */
  public static Path recordable(Path path) {
    return recordable(path, System.getenv("DCGAN_HOME"));
  }

  /** As {@link #recordable(Path)}, with the project root given ({@code home}, null for none). */
  static Path recordable(Path path, String home) {
    Path absolute = path.toAbsolutePath().normalize();
    for (Path root : roots(home)) {
      if (absolute.startsWith(root) && !absolute.equals(root)) return root.relativize(absolute);
    }
    Path name = absolute.getFileName();
    return name == null ? Path.of("") : name;
  }

  /** The project root (when known), then the working directory. */
  private static List<Path> roots(String home) {
    var roots = new ArrayList<Path>();
    if (home != null && !home.isBlank()) roots.add(Path.of(home).toAbsolutePath().normalize());
    roots.add(Path.of("").toAbsolutePath());
    return roots;
  }
}
