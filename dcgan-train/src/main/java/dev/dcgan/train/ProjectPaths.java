package dev.dcgan.train;

import java.nio.file.Files;
import java.nio.file.Path;

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
    if (relative.isAbsolute() || Files.exists(relative)) return relative;
    String home = System.getenv("DCGAN_HOME");
    if (home != null && !home.isBlank()) {
      Path there = Path.of(home).resolve(relative);
      if (Files.exists(there)) return there;
    }
    return relative;
  }
}
